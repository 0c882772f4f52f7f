import "server-only";
import type { Tx } from "@/db/client";
import { boardFigures, costsForSite, forSite, type BoardData, type BoardFigures } from "@/domain/board-figures";
import { releaseFamily, type BoardTable, type FigureRow, type ReleaseLabel } from "@/domain/board-report";
import { clinicDate, type LocalDate } from "@/domain/clinic-time";
import { comparisonEnds, isInProgress } from "@/domain/reporting-period";
import { boardData, boardDataAtEnd, reportLabel, siteCosts } from "./board";
import type { BoardFilter } from "./board.input";

/**
 * What the board is shown for one site (or all sites), period and cohort: the figures after
 * disclosure control (src/domain/disclosure-control.ts). A page is never suppressed on its
 * own: all sites and every site are released together for the period, so one site's hidden
 * cell cannot be found as all sites minus the others, and each is set beside the same figures
 * at the adjacent period ends, so a count that moved by fewer than the threshold is hidden.
 *
 * Each period end (the period's own and each comparison end) is read once for all sites, and
 * every site's figures are worked out from that one read (`forSite`); a comparison end reads
 * only what the counts at an end come from (`boardDataAtEnd`).
 */
export type BoardRelease = { label: ReleaseLabel; rows: FigureRow[] };

/** All sites (first) and every site, released together for the filter's period and cohort. */
export type BoardFamily = { siteIds: (string | null)[]; labels: ReleaseLabel[]; tables: BoardTable[]; rows: FigureRow[][] };

export async function boardFamily(tx: Tx, filter: Omit<BoardFilter, "siteId">, now: Date = new Date()): Promise<BoardFamily> {
  const today = clinicDate(now);
  const sites = (await tx.site.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((site) => site.id);
  const siteIds = [null, ...sites];
  const ends = comparisonEnds(filter.period, today);
  const scope = (from: LocalDate, to: LocalDate) => ({ siteId: null, from, to, cohort: filter.cohort });
  const [labels, costs, data, ...endData] = await Promise.all([
    Promise.all(siteIds.map(async (siteId) => (await reportLabel(tx, { ...filter, siteId }, now))!)),
    siteCosts(tx, null),
    boardData(tx, scope(filter.from, filter.to), today),
    ...ends.map((end) => boardDataAtEnd(tx, scope(end, end), today)),
  ]);
  const everyMember = (all: BoardData): BoardFigures[] =>
    siteIds.map((siteId) => (siteId === null ? boardFigures(all, costs) : boardFigures(forSite(all, siteId), costsForSite(costs, siteId))));
  const atEnds = endData.map(everyMember);
  const { tables, rows } = releaseFamily({
    family: everyMember(data).map((figures, member) => ({ figures, threshold: labels[member]!.threshold })),
    sums: [{ total: 0, parts: sites.map((_, i) => i + 1) }],
    neighbours: siteIds.flatMap((_, member) => atEnds.map((atEnd) => ({ member, figures: atEnd[member]! }))),
  });
  const period = isInProgress(filter.period, today) ? `${filter.period.label}, to date` : filter.period.label;
  return { siteIds, labels: labels.map((label) => ({ ...label, period })), tables, rows };
}

export async function boardRelease(tx: Tx, filter: BoardFilter, now: Date = new Date()): Promise<BoardRelease | null> {
  if (filter.siteId !== null && !(await tx.site.findUnique({ where: { id: filter.siteId }, select: { id: true } }))) return null;
  const family = await boardFamily(tx, filter, now);
  const page = family.siteIds.indexOf(filter.siteId);
  return { label: family.labels[page]!, rows: family.rows[page]! };
}
