import "server-only";
import type { Tx } from "@/db/client";
import { releaseRows, type FigureRow, type ReleaseLabel } from "@/domain/board-report";
import { clinicDate } from "@/domain/clinic-time";
import { comparisonEnds, isInProgress } from "@/domain/reporting-period";
import { boardFigures, boardReport } from "./board";
import type { BoardFilter } from "./board.input";

/**
 * What the board is shown for one site (or all sites), period and cohort: the figures after
 * disclosure control (src/domain/disclosure-control.ts). A page is never suppressed on its
 * own: all sites and every site are released together for the period, so one site's hidden
 * cell cannot be found as all sites minus the others, and each is set beside the same figures
 * at the adjacent period ends, so a count that moved by fewer than the threshold is hidden.
 */
export type BoardRelease = { label: ReleaseLabel; rows: FigureRow[] };

export async function boardRelease(tx: Tx, filter: BoardFilter, now: Date = new Date()): Promise<BoardRelease | null> {
  const today = clinicDate(now);
  const page = await boardReport(tx, filter, now);
  if (!page) return null;
  const sites = (await tx.site.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((site) => site.id);
  const members = [null, ...sites];
  const family = await Promise.all(
    members.map(async (siteId) => {
      if (siteId === filter.siteId) return { figures: page.figures, threshold: page.label.threshold };
      const report = (await boardReport(tx, { ...filter, siteId }, now))!;
      return { figures: report.figures, threshold: report.label.threshold };
    }),
  );
  const ends = comparisonEnds(filter.period, today);
  const neighbours = await Promise.all(
    members.flatMap((siteId, member) =>
      ends.map(async (end) => ({ member, figures: await boardFigures(tx, { siteId, from: end, to: end, cohort: filter.cohort }) })),
    ),
  );
  const rows = releaseRows({
    page: members.indexOf(filter.siteId),
    family,
    sums: [{ total: 0, parts: sites.map((_, i) => i + 1) }],
    neighbours,
  });
  const period = isInProgress(filter.period, today) ? `${filter.period.label}, to date` : filter.period.label;
  return { label: { ...page.label, period }, rows };
}
