import { expect } from "vitest";
import type { Tx } from "@/db/client";
import { boardFigures as computeBoardFigures, costsForSite, forSite } from "@/domain/board-figures";
import { releaseFamily } from "@/domain/board-report";
import { clinicDate, type LocalDate } from "@/domain/clinic-time";
import { comparisonEnds, isInProgress, periodTo, type ReportingPeriod } from "@/domain/reporting-period";
import { boardData, boardFigures, boardReport, siteCosts } from "@/server/board";
import { boardFamily } from "@/server/board-release";

/**
 * The release worked out member by member, as it was before each period end was read once
 * for all sites: every site (and all sites) read on its own, for the period and at each
 * comparison end.
 */
async function releasedMemberByMember(tx: Tx, filter: Parameters<typeof boardFamily>[1], now: Date) {
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
  const released = releaseFamily({
    family: reports.map((r) => ({ figures: r.figures, threshold: r.label.threshold })),
    sums: [{ total: 0, parts: sites.map((_, i) => i + 1) }],
    neighbours,
  });
  const period = isInProgress(filter.period, today) ? `${filter.period.label}, to date` : filter.period.label;
  return { siteIds, labels: reports.map((r) => ({ ...r.label, period })), ...released, sites, ends };
}

/**
 * The released page (all sites and every site, from one read per period end) is the one
 * worked out member by member, and each site's figures taken out of all sites' data equal
 * those read for that site alone, at the period and at each comparison end.
 */
export async function expectReleasedAsMemberByMember(tx: Tx, period: ReportingPeriod, now: Date, cohort: number | null = null) {
  const today = clinicDate(now);
  const filter = { period, from: period.from, to: periodTo(period, today), cohort };
  const family = await boardFamily(tx, filter, now);
  const { sites, ends, ...before } = await releasedMemberByMember(tx, filter, now);
  expect(family).toEqual(before);

  const costs = await siteCosts(tx, null);
  const scopes: [LocalDate, LocalDate][] = [[filter.from, filter.to], ...ends.map((end): [LocalDate, LocalDate] => [end, end])];
  for (const [from, to] of scopes) {
    const all = await boardData(tx, { siteId: null, from, to, cohort }, today);
    expect(computeBoardFigures(all, costs)).toEqual(await boardFigures(tx, { siteId: null, from, to, cohort }, today));
    for (const site of sites) {
      expect(computeBoardFigures(forSite(all, site), costsForSite(costs, site)), `${site} ${from}–${to}`).toEqual(
        await boardFigures(tx, { siteId: site, from, to, cohort }, today),
      );
    }
  }
  return family;
}
