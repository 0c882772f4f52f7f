import "server-only";
import type { Tx } from "@/db/client";
import { releaseFamily, type BoardTable, type FigureRow, type ReleaseLabel } from "@/domain/board-report";
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

/** All sites (first) and every site, released together for the filter's period and cohort. */
export type BoardFamily = { siteIds: (string | null)[]; labels: ReleaseLabel[]; tables: BoardTable[]; rows: FigureRow[][] };

export async function boardFamily(tx: Tx, filter: Omit<BoardFilter, "siteId">, now: Date = new Date()): Promise<BoardFamily> {
  const today = clinicDate(now);
  const sites = (await tx.site.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((site) => site.id);
  const siteIds = [null, ...sites];
  const reports = await Promise.all(siteIds.map(async (siteId) => (await boardReport(tx, { ...filter, siteId }, now))!));
  const ends = comparisonEnds(filter.period, today);
  const neighbours = await Promise.all(
    siteIds.flatMap((siteId, member) =>
      ends.map(async (end) => ({ member, figures: await boardFigures(tx, { siteId, from: end, to: end, cohort: filter.cohort }, today) })),
    ),
  );
  const { tables, rows } = releaseFamily({
    family: reports.map((r) => ({ figures: r.figures, threshold: r.label.threshold })),
    sums: [{ total: 0, parts: sites.map((_, i) => i + 1) }],
    neighbours,
  });
  const period = isInProgress(filter.period, today) ? `${filter.period.label}, to date` : filter.period.label;
  return { siteIds, labels: reports.map((r) => ({ ...r.label, period })), tables, rows };
}

export async function boardRelease(tx: Tx, filter: BoardFilter, now: Date = new Date()): Promise<BoardRelease | null> {
  if (filter.siteId !== null && !(await tx.site.findUnique({ where: { id: filter.siteId }, select: { id: true } }))) return null;
  const family = await boardFamily(tx, filter, now);
  const page = family.siteIds.indexOf(filter.siteId);
  return { label: family.labels[page]!, rows: family.rows[page]! };
}
