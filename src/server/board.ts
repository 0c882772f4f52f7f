import "server-only";
import type { Tx } from "@/db/client";
import { Prisma } from "@/generated/prisma/client";
import {
  boardFigures as computeBoardFigures,
  type BoardData,
  type BoardFigures,
  type BreakReason,
  type EpisodeRecord,
  type ExitReason,
  type FundingLineRecord,
  type ScreenCount,
  type SessionOutcome,
  type SessionOutcomeCount,
  type StockCheckRecord,
  type TopPair,
  type TopScores,
  financialYearOf,
} from "@/domain/board-figures";
import type { ReportLabel } from "@/domain/board-report";
import { DEFAULT_COST_ASSUMPTIONS, type CostAssumptions } from "@/domain/costs";
import { costAssumptions } from "./funding";
import { siteSettings } from "./settings";
import { financialYearLabel } from "@/domain/money";
import { formatClinicTimestamp } from "@/domain/format";
import { addLocalDays, clinicDate, clinicInstant, dbDateToLocal, splitIntoMonths, type LocalDate } from "@/domain/clinic-time";
import { STREET_HEROIN_MARKERS } from "@/domain/urine";
import { DEFAULT_SETTINGS } from "@/domain/settings";

/**
 * The board's read model. Every query aggregates in the database (GROUP BY, array_agg,
 * DISTINCT ON) and selects no participant id, reference or identity column: the rows that
 * reach JavaScript are one per episode, per month and outcome, or per TOP pair, and none
 * can be tied to a person. ParticipantIdentity is never joined.
 */

export type BoardScope = {
  /** null: all sites. */
  siteId: string | null;
  from: LocalDate;
  to: LocalDate;
  /** Financial year of enrolment (2025 is 2025/26), or null for every cohort. */
  cohort: number | null;
};

/** Episodes in scope: enrolled by the end of the period, at the site, in the cohort. */
function episodeScope(alias: Prisma.Sql, scope: BoardScope): Prisma.Sql {
  const cohortFrom = scope.cohort === null ? null : `${scope.cohort}-04-01`;
  const cohortTo = scope.cohort === null ? null : `${scope.cohort + 1}-03-31`;
  return Prisma.sql`${alias}."enrolledOn" <= ${scope.to}::date
    AND (${scope.siteId}::text IS NULL OR ${alias}."siteId" = ${scope.siteId}::text)
    AND (${cohortFrom}::date IS NULL OR ${alias}."enrolledOn" BETWEEN ${cohortFrom}::date AND ${cohortTo}::date)`;
}

type EpisodeRow = {
  enrolledOn: Date;
  exitedOn: Date | null;
  exitReason: ExitReason | null;
  planned: boolean | null;
  breakReason: BreakReason | null;
  before: number[];
  during: number[];
};

async function episodeRecords(tx: Tx, scope: BoardScope): Promise<EpisodeRecord[]> {
  // A break covers startedOn up to (not including) endedOn, the day of return. Offences:
  // the 365 days before enrolment, and enrolment to exit or the end of the period.
  const rows = await tx.$queryRaw<EpisodeRow[]>`
    SELECT e."enrolledOn", x."exitedOn", x.reason::text AS "exitReason", x.planned,
      (SELECT b.reason::text FROM "Break" b
        WHERE b."episodeId" = e.id AND b."startedOn" <= ${scope.to}::date AND (b."endedOn" IS NULL OR b."endedOn" > ${scope.to}::date)
        ORDER BY b."startedOn" DESC LIMIT 1) AS "breakReason",
      COALESCE((SELECT array_agg(o."severityScore" ORDER BY o."severityScore") FROM "Offence" o
        WHERE o."participantId" = e."participantId" AND o."offenceDate" >= e."enrolledOn" - 365 AND o."offenceDate" < e."enrolledOn"), '{}') AS before,
      COALESCE((SELECT array_agg(o."severityScore" ORDER BY o."severityScore") FROM "Offence" o
        WHERE o."participantId" = e."participantId" AND o."offenceDate" >= e."enrolledOn"
          AND o."offenceDate" <= LEAST(COALESCE(x."exitedOn", ${scope.to}::date), ${scope.to}::date)), '{}') AS during
    FROM "Episode" e LEFT JOIN "Exit" x ON x."episodeId" = e.id
    WHERE ${episodeScope(Prisma.sql`e`, scope)}
    ORDER BY e."enrolledOn"`;
  return rows.map((row) => ({
    enrolledOn: dbDateToLocal(row.enrolledOn),
    exit: row.exitedOn && row.exitReason ? { on: dbDateToLocal(row.exitedOn), reason: row.exitReason, planned: row.planned === true } : null,
    breakReason: row.breakReason,
    offencesBefore: row.before.map(Number),
    offencesDuring: row.during.map(Number),
  }));
}

type SessionCountRow = { month: string; outcome: SessionOutcome; sessions: number };

/**
 * Finished sessions by month and outcome. Months wholly inside the period are read from the
 * SessionMonthCount read model (kept by triggers on DoseSession, so it is never stale); only
 * the part-months at either end of the period are counted from the sessions themselves.
 */
async function sessionCounts(tx: Tx, scope: BoardScope): Promise<SessionOutcomeCount[]> {
  const { whole, partial } = splitIntoMonths(scope.from, scope.to);
  const rows: SessionCountRow[] = [];
  if (whole) {
    rows.push(
      ...(await tx.$queryRaw<SessionCountRow[]>`
        SELECT to_char(month, 'YYYY-MM') AS month, outcome::text AS outcome, sessions
        FROM (
          SELECT m.month, m.outcome, sum(m.sessions)::int AS sessions
          FROM "SessionMonthCount" m JOIN "Episode" e ON e.id = m."episodeId"
          WHERE m.month BETWEEN ${whole.first}::date AND ${whole.last}::date AND ${episodeScope(Prisma.sql`e`, scope)}
          GROUP BY m.month, m.outcome
        ) counts
        WHERE sessions > 0`),
    );
  }
  if (partial.length > 0) {
    const inPartialMonths = Prisma.join(
      partial.map(([from, to]) => Prisma.sql`d."sessionDate" BETWEEN ${from}::date AND ${to}::date`),
      " OR ",
    );
    rows.push(
      ...(await tx.$queryRaw<SessionCountRow[]>`
        SELECT to_char(month, 'YYYY-MM') AS month, outcome::text AS outcome, sessions
        FROM (
          SELECT date_trunc('month', d."sessionDate") AS month, d.outcome, count(*)::int AS sessions
          FROM "DoseSession" d JOIN "Episode" e ON e.id = d."episodeId"
          WHERE d.outcome IS NOT NULL AND (${inPartialMonths}) AND ${episodeScope(Prisma.sql`e`, scope)}
          GROUP BY 1, 2
        ) counts`),
    );
  }
  return rows.map((row) => ({ ...row, sessions: Number(row.sessions) }));
}

/** Screens collected while in treatment (during an episode in scope), by month and street-heroin result. */
async function screenCounts(tx: Tx, scope: BoardScope): Promise<ScreenCount[]> {
  const rows = await tx.$queryRaw<{ month: string; streetHeroinPositive: boolean; screens: number }[]>`
    SELECT to_char(month, 'YYYY-MM') AS month, "streetHeroinPositive", screens
    FROM (
      SELECT date_trunc('month', s."collectedOn") AS month, (positive."screenId" IS NOT NULL) AS "streetHeroinPositive", count(*)::int AS screens
      FROM "UrineScreen" s
      LEFT JOIN (
        SELECT DISTINCT r."screenId" FROM "UrineResult" r
        WHERE r.result = 'POSITIVE' AND r.substance::text IN (${Prisma.join([...STREET_HEROIN_MARKERS])})
      ) positive ON positive."screenId" = s.id
      WHERE s."collectedOn" BETWEEN ${scope.from}::date AND ${scope.to}::date
        AND EXISTS (SELECT 1 FROM "Episode" e LEFT JOIN "Exit" x ON x."episodeId" = e.id
          WHERE e."participantId" = s."participantId" AND e."enrolledOn" <= s."collectedOn"
            AND (x."exitedOn" IS NULL OR x."exitedOn" >= s."collectedOn") AND ${episodeScope(Prisma.sql`e`, scope)})
      GROUP BY 1, 2
    ) counts`;
  return rows.map((row) => ({ ...row, screens: Number(row.screens) }));
}

const TOP_COLUMNS = ["opiateDays", "injectedDays", "shopliftingDays", "psychologicalHealth", "physicalHealth", "qualityOfLife", "acuteHousingProblem"] as const;

/** Each person's first TOP Start and latest Review after it, both by the end of the period. */
async function topPairs(tx: Tx, scope: BoardScope): Promise<TopPair[]> {
  const columns = (alias: string) =>
    Prisma.raw(TOP_COLUMNS.map((c) => `${alias}."${c}" AS "${alias}_${c}"`).join(", "));
  const rows = await tx.$queryRaw<Record<string, number | boolean>[]>`
    WITH people AS (SELECT DISTINCT e."participantId" FROM "Episode" e WHERE ${episodeScope(Prisma.sql`e`, scope)}),
    start AS (
      SELECT DISTINCT ON (t."participantId") t.* FROM "TopAssessment" t JOIN people p ON p."participantId" = t."participantId"
      WHERE t.stage = 'START' AND t."assessedOn" <= ${scope.to}::date
      ORDER BY t."participantId", t."assessedOn" ASC),
    review AS (
      SELECT DISTINCT ON (t."participantId") t.* FROM "TopAssessment" t JOIN start s ON s."participantId" = t."participantId"
      WHERE t.stage = 'REVIEW' AND t."assessedOn" <= ${scope.to}::date AND t."assessedOn" > s."assessedOn"
      ORDER BY t."participantId", t."assessedOn" DESC)
    SELECT ${columns("s")}, ${columns("r")} FROM start s JOIN review r ON r."participantId" = s."participantId"`;
  const scores = (row: Record<string, number | boolean>, alias: string): TopScores => ({
    opiateDays: Number(row[`${alias}_opiateDays`]),
    injectedDays: Number(row[`${alias}_injectedDays`]),
    shopliftingDays: Number(row[`${alias}_shopliftingDays`]),
    psychologicalHealth: Number(row[`${alias}_psychologicalHealth`]),
    physicalHealth: Number(row[`${alias}_physicalHealth`]),
    qualityOfLife: Number(row[`${alias}_qualityOfLife`]),
    acuteHousingProblem: row[`${alias}_acuteHousingProblem`] === true,
  });
  return rows.map((row) => ({ start: scores(row, "s"), review: scores(row, "r") }));
}

/** Funding lines of the financial years the period touches, summed across sites by year, kind and source. */
async function fundingLines(tx: Tx, scope: BoardScope): Promise<FundingLineRecord[]> {
  const groups = await tx.fundingLine.groupBy({
    by: ["financialYear", "kind", "source"],
    where: {
      financialYear: { gte: financialYearOf(scope.from), lte: financialYearOf(scope.to) },
      ...(scope.siteId ? { siteId: scope.siteId } : {}),
    },
    _sum: { amountPence: true },
  });
  return groups.map((g) => ({ financialYear: g.financialYear, kind: g.kind, source: g.source, amountPence: g._sum.amountPence ?? 0 }));
}

/** Stock checks up to the end of the period, oldest first; no staff names. */
async function stockCheckRecords(tx: Tx, scope: BoardScope): Promise<StockCheckRecord[]> {
  const checks = await tx.stockCheck.findMany({
    where: { ...(scope.siteId !== null ? { siteId: scope.siteId } : {}), checkedAt: { lt: clinicInstant(addLocalDays(scope.to, 1), "00:00") } },
    orderBy: [{ checkedAt: "asc" }, { id: "asc" }],
    select: { batch: true, checkedAt: true, expected: true, counted: true, product: { select: { name: true, strengthMg: true, site: { select: { code: true } } } } },
  });
  return checks.map((c) => ({
    product: `${scope.siteId === null ? `${c.product.site.code}: ` : ""}${c.product.name} ${c.product.strengthMg} mg`,
    batch: c.batch,
    checkedOn: clinicDate(c.checkedAt),
    expected: c.expected,
    counted: c.counted,
  }));
}

/** The compact, de-identified data the figures are computed from. */
export async function boardData(tx: Tx, scope: BoardScope): Promise<BoardData> {
  const [episodes, sessions, screens, top, funding, stockChecks] = await Promise.all([
    episodeRecords(tx, scope),
    sessionCounts(tx, scope),
    screenCounts(tx, scope),
    topPairs(tx, scope),
    fundingLines(tx, scope),
    stockCheckRecords(tx, scope),
  ]);
  return { from: scope.from, to: scope.to, episodes, sessions, screens, top, funding, stockChecks };
}

export async function boardFigures(tx: Tx, scope: BoardScope, costs: CostAssumptions = DEFAULT_COST_ASSUMPTIONS): Promise<BoardFigures> {
  return computeBoardFigures(await boardData(tx, scope), costs);
}

/**
 * The smallest group shown: the site's setting, or across all sites the strictest (largest)
 * of them, so a group suppressed on one site's page is never revealed on the combined one.
 */
export async function smallGroupThreshold(tx: Tx, siteId: string | null): Promise<number> {
  const siteIds = siteId !== null ? [siteId] : (await tx.site.findMany({ select: { id: true } })).map((site) => site.id);
  const thresholds = await Promise.all(siteIds.map(async (id) => (await siteSettings(tx, id)).smallGroupThreshold));
  return thresholds.length > 0 ? Math.max(...thresholds) : DEFAULT_SETTINGS.smallGroupThreshold;
}

/** Figures with the label every page, report and export carries: site, period, cohort and when. */
export async function boardReport(tx: Tx, scope: BoardScope, now: Date = new Date()): Promise<{ figures: BoardFigures; label: ReportLabel } | null> {
  let site = "All sites";
  if (scope.siteId !== null) {
    const found = await tx.site.findUnique({ where: { id: scope.siteId }, select: { name: true } });
    if (!found) return null;
    site = found.name;
  }
  return {
    // Savings use the site's own cost assumptions; across sites, the documented defaults.
    figures: await boardFigures(tx, scope, scope.siteId !== null ? await costAssumptions(tx, scope.siteId) : DEFAULT_COST_ASSUMPTIONS),
    label: {
      site,
      from: scope.from,
      to: scope.to,
      cohort: scope.cohort === null ? "All cohorts" : `Enrolled in ${financialYearLabel(scope.cohort)}`,
      generatedAt: formatClinicTimestamp(now),
      threshold: await smallGroupThreshold(tx, scope.siteId),
    },
  };
}

/** Enrolment cohorts to choose from: every financial year from the first enrolment to today's. */
export async function boardCohorts(tx: Tx, today: LocalDate): Promise<number[]> {
  const first = await tx.episode.aggregate({ _min: { enrolledOn: true } });
  const from = financialYearOf(first._min.enrolledOn ? dbDateToLocal(first._min.enrolledOn) : today);
  return Array.from({ length: financialYearOf(today) - from + 1 }, (_, i) => from + i);
}
