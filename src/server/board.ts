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
  type SiteCosts,
  type StockCheckRecord,
  type TopPair,
  type TopScores,
  type TreatmentSpan,
  financialYearOf,
  followUpEnd,
  RIOTT_FIRST_DAY,
  RIOTT_LAST_DAY,
} from "@/domain/board-figures";
import type { ReportLabel } from "@/domain/board-report";
import type { StreetHeroinStatus } from "@/domain/urine";
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
 *
 * Every query reads up to `asOf` = followUpEnd(to, today): a period ending after today is
 * followed only to today. `today` is an argument (the clinic's date, Europe/London) so that
 * tests control it.
 */

export type BoardScope = {
  /** null: all sites. */
  siteId: string | null;
  from: LocalDate;
  to: LocalDate;
  /** Financial year of enrolment (2025 is 2025/26), or null for every cohort. */
  cohort: number | null;
};

/** The scope with its follow-up end: the period's end or today, whichever is earlier. */
type ReadScope = BoardScope & { asOf: LocalDate };

/** Episodes in scope: enrolled by `asOf`, at the site, in the cohort. */
function episodeScope(alias: Prisma.Sql, scope: ReadScope): Prisma.Sql {
  const cohortFrom = scope.cohort === null ? null : `${scope.cohort}-04-01`;
  const cohortTo = scope.cohort === null ? null : `${scope.cohort + 1}-03-31`;
  return Prisma.sql`${alias}."enrolledOn" <= ${scope.asOf}::date
    AND (${scope.siteId}::text IS NULL OR ${alias}."siteId" = ${scope.siteId}::text)
    AND (${cohortFrom}::date IS NULL OR ${alias}."enrolledOn" BETWEEN ${cohortFrom}::date AND ${cohortTo}::date)`;
}

/**
 * A screen's street-heroin result from its marker results, as `streetHeroinStatus`
 * (src/domain/urine.ts) decides it: any marker positive, else any marker reported, else
 * not tested. `screenStatusSql` looks up one screen's markers (for a few screens);
 * `MARKER_RESULTS` aggregates every screen's at once, for `markerStatusSql` after a join.
 */
const MARKERS = Prisma.join([...STREET_HEROIN_MARKERS]);

function screenStatusSql(screen: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(SELECT CASE WHEN bool_or(r.result = 'POSITIVE') THEN 'POSITIVE' WHEN count(*) > 0 THEN 'NEGATIVE' ELSE 'NOT_TESTED' END
    FROM "UrineResult" r WHERE r."screenId" = ${screen}.id AND r.substance::text IN (${MARKERS}))`;
}

const MARKER_RESULTS = Prisma.sql`(SELECT r."screenId", bool_or(r.result = 'POSITIVE') AS positive
  FROM "UrineResult" r WHERE r.substance::text IN (${MARKERS}) GROUP BY r."screenId")`;

function markerStatusSql(markers: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`CASE WHEN ${markers}.positive THEN 'POSITIVE' WHEN ${markers}."screenId" IS NOT NULL THEN 'NEGATIVE' ELSE 'NOT_TESTED' END`;
}

type EpisodeRow = {
  siteId: string;
  enrolledOn: Date;
  exitedOn: Date | null;
  exitReason: ExitReason | null;
  planned: boolean | null;
  previousExitOn: Date | null;
  breakReason: BreakReason | null;
  before: number[];
  during: number[];
  inPeriod: number[];
  riottDays: number[];
  riottStatuses: StreetHeroinStatus[];
};

async function episodeRecords(tx: Tx, scope: ReadScope): Promise<EpisodeRecord[]> {
  // A break covers startedOn up to (not including) endedOn, the day of return. Offences are
  // counted in the windows of `offenceWindows` (src/domain/board-figures.ts): the year
  // before entry starting no earlier than the day after a previous exit, on programme from
  // enrolment (or the day after a previous exit on or after it) to exit or asOf, and the
  // part of that in the period.
  const rows = await tx.$queryRaw<EpisodeRow[]>`
    WITH scoped AS (
      SELECT e.id, e."siteId", e."participantId", e."enrolledOn", x."exitedOn", x.reason::text AS "exitReason", x.planned,
        (SELECT max(px."exitedOn") FROM "Exit" px JOIN "Episode" pe ON pe.id = px."episodeId"
          WHERE pe."participantId" = e."participantId" AND pe.id <> e.id
            AND (pe."enrolledOn" < e."enrolledOn" OR (pe."enrolledOn" = e."enrolledOn" AND pe."createdAt" < e."createdAt"))) AS "previousExitOn"
      FROM "Episode" e LEFT JOIN "Exit" x ON x."episodeId" = e.id
      WHERE ${episodeScope(Prisma.sql`e`, scope)}
    ),
    windows AS (
      SELECT s.*,
        GREATEST(s."enrolledOn" - 365, s."previousExitOn" + 1) AS "beforeFrom",
        GREATEST(s."enrolledOn", s."previousExitOn" + 1) AS "onFrom",
        CASE WHEN s."exitedOn" <= ${scope.asOf}::date THEN s."exitedOn" ELSE ${scope.asOf}::date END AS "onTo"
      FROM scoped s
    )
    SELECT w."siteId", w."enrolledOn", w."exitedOn", w."exitReason", w.planned, w."previousExitOn",
      (SELECT b.reason::text FROM "Break" b
        WHERE b."episodeId" = w.id AND b."startedOn" <= ${scope.asOf}::date AND (b."endedOn" IS NULL OR b."endedOn" > ${scope.asOf}::date)
        ORDER BY b."startedOn" DESC LIMIT 1) AS "breakReason",
      COALESCE((SELECT array_agg(o."severityScore" ORDER BY o."severityScore") FROM "Offence" o
        WHERE o."participantId" = w."participantId" AND o."offenceDate" BETWEEN w."beforeFrom" AND w."enrolledOn" - 1), '{}') AS before,
      COALESCE((SELECT array_agg(o."severityScore" ORDER BY o."severityScore") FROM "Offence" o
        WHERE o."participantId" = w."participantId" AND o."offenceDate" BETWEEN w."onFrom" AND w."onTo"), '{}') AS during,
      COALESCE((SELECT array_agg(o."severityScore" ORDER BY o."severityScore") FROM "Offence" o
        WHERE o."participantId" = w."participantId" AND o."offenceDate" BETWEEN GREATEST(w."onFrom", ${scope.from}::date) AND w."onTo"), '{}') AS "inPeriod",
      COALESCE(riott.days, '{}') AS "riottDays", COALESCE(riott.statuses, '{}') AS "riottStatuses"
    FROM windows w
    LEFT JOIN LATERAL (
      SELECT array_agg(s."collectedOn" - w."enrolledOn" ORDER BY s."collectedOn", s.id) AS days,
        array_agg(${screenStatusSql(Prisma.sql`s`)} ORDER BY s."collectedOn", s.id) AS statuses
      FROM "UrineScreen" s
      WHERE s."participantId" = w."participantId"
        AND s."collectedOn" BETWEEN GREATEST(w."enrolledOn" + ${RIOTT_FIRST_DAY}::int, w."onFrom") AND LEAST(w."enrolledOn" + ${RIOTT_LAST_DAY}::int, w."onTo")
    ) riott ON true
    ORDER BY w."enrolledOn"`;
  return rows.map((row) => ({
    site: row.siteId,
    enrolledOn: dbDateToLocal(row.enrolledOn),
    exit: row.exitedOn && row.exitReason ? { on: dbDateToLocal(row.exitedOn), reason: row.exitReason, planned: row.planned === true } : null,
    previousExitOn: row.previousExitOn ? dbDateToLocal(row.previousExitOn) : null,
    breakReason: row.breakReason,
    offencesBefore: row.before.map(Number),
    offencesDuring: row.during.map(Number),
    offencesInPeriod: row.inPeriod.map(Number),
    riottScreens: row.riottDays.map((day, i) => ({ day: Number(day), status: row.riottStatuses[i]! })),
  }));
}

/** Every episode at the site(s) in scope, whatever the cohort, that was in treatment after the first funded year began. */
async function siteEpisodes(tx: Tx, scope: ReadScope): Promise<TreatmentSpan[]> {
  const rows = await tx.$queryRaw<{ siteId: string; enrolledOn: Date; exitedOn: Date | null }[]>`
    SELECT e."siteId", e."enrolledOn", x."exitedOn" FROM "Episode" e LEFT JOIN "Exit" x ON x."episodeId" = e.id
    WHERE e."enrolledOn" <= ${scope.asOf}::date
      AND (${scope.siteId}::text IS NULL OR e."siteId" = ${scope.siteId}::text)
      AND (x."exitedOn" IS NULL OR x."exitedOn" >= ${`${financialYearOf(scope.from)}-04-01`}::date)`;
  return rows.map((row) => ({ site: row.siteId, enrolledOn: dbDateToLocal(row.enrolledOn), exitedOn: row.exitedOn ? dbDateToLocal(row.exitedOn) : null }));
}

type SessionCountRow = { site: string; month: string; outcome: SessionOutcome; sessions: number };

/**
 * Finished sessions by site, month and outcome. Months wholly inside the period are read from the
 * SessionMonthCount read model (kept by triggers on DoseSession, so it is never stale); only
 * the part-months at either end of the period are counted from the sessions themselves.
 */
async function sessionCounts(tx: Tx, scope: ReadScope): Promise<SessionOutcomeCount[]> {
  const { whole, partial } = splitIntoMonths(scope.from, scope.asOf);
  const rows: SessionCountRow[] = [];
  if (whole) {
    rows.push(
      ...(await tx.$queryRaw<SessionCountRow[]>`
        SELECT site, to_char(month, 'YYYY-MM') AS month, outcome::text AS outcome, sessions
        FROM (
          SELECT e."siteId" AS site, m.month, m.outcome, sum(m.sessions)::int AS sessions
          FROM "SessionMonthCount" m JOIN "Episode" e ON e.id = m."episodeId"
          WHERE m.month BETWEEN ${whole.first}::date AND ${whole.last}::date AND ${episodeScope(Prisma.sql`e`, scope)}
          GROUP BY e."siteId", m.month, m.outcome
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
        SELECT site, to_char(month, 'YYYY-MM') AS month, outcome::text AS outcome, sessions
        FROM (
          SELECT e."siteId" AS site, date_trunc('month', d."sessionDate") AS month, d.outcome, count(*)::int AS sessions
          FROM "DoseSession" d JOIN "Episode" e ON e.id = d."episodeId"
          WHERE d.outcome IS NOT NULL AND (${inPartialMonths}) AND ${episodeScope(Prisma.sql`e`, scope)}
          GROUP BY 1, 2, 3
        ) counts`),
    );
  }
  return rows.map((row) => ({ ...row, sessions: Number(row.sessions) }));
}

/**
 * Screens collected in the period while in treatment (during an episode in scope), by month,
 * street-heroin result and the sites of the episodes they were taken during.
 */
async function screenCounts(tx: Tx, scope: ReadScope): Promise<ScreenCount[]> {
  const rows = await tx.$queryRaw<ScreenCount[]>`
    SELECT sites, to_char(month, 'YYYY-MM') AS month, status, count(*)::int AS screens
    FROM (
      -- One row a screen: joined (not looked up screen by screen) to the episodes in scope it was taken during.
      SELECT date_trunc('month', s."collectedOn") AS month, ${markerStatusSql(Prisma.sql`m`)} AS status,
        array_agg(DISTINCT e."siteId" ORDER BY e."siteId") AS sites
      FROM "UrineScreen" s
      JOIN "Episode" e ON e."participantId" = s."participantId" AND e."enrolledOn" <= s."collectedOn"
      LEFT JOIN "Exit" x ON x."episodeId" = e.id
      LEFT JOIN ${MARKER_RESULTS} m ON m."screenId" = s.id
      WHERE s."collectedOn" BETWEEN ${scope.from}::date AND ${scope.asOf}::date
        AND (x."exitedOn" IS NULL OR x."exitedOn" >= s."collectedOn") AND ${episodeScope(Prisma.sql`e`, scope)}
      GROUP BY s.id, 1, 2
    ) screens
    GROUP BY 1, 2, 3`;
  return rows.map((row) => ({ ...row, screens: Number(row.screens) }));
}

const TOP_COLUMNS = ["opiateDays", "injectedDays", "shopliftingDays", "psychologicalHealth", "physicalHealth", "qualityOfLife", "acuteHousingProblem"] as const;

/** Each person's first TOP Start and latest Review after it, both by `asOf`, with the sites of their episodes in scope. */
async function topPairs(tx: Tx, scope: ReadScope): Promise<TopPair[]> {
  const columns = (alias: string) =>
    Prisma.raw(TOP_COLUMNS.map((c) => `${alias}."${c}" AS "${alias}_${c}"`).join(", "));
  const rows = await tx.$queryRaw<({ sites: string[] } & Record<string, number | boolean>)[]>`
    WITH people AS (
      SELECT e."participantId", array_agg(DISTINCT e."siteId" ORDER BY e."siteId") AS sites
      FROM "Episode" e WHERE ${episodeScope(Prisma.sql`e`, scope)} GROUP BY e."participantId"),
    start AS (
      SELECT DISTINCT ON (t."participantId") t.*, p.sites FROM "TopAssessment" t JOIN people p ON p."participantId" = t."participantId"
      WHERE t.stage = 'START' AND t."assessedOn" <= ${scope.asOf}::date
      ORDER BY t."participantId", t."assessedOn" ASC),
    review AS (
      SELECT DISTINCT ON (t."participantId") t.* FROM "TopAssessment" t JOIN start s ON s."participantId" = t."participantId"
      WHERE t.stage = 'REVIEW' AND t."assessedOn" <= ${scope.asOf}::date AND t."assessedOn" > s."assessedOn"
      ORDER BY t."participantId", t."assessedOn" DESC)
    SELECT s.sites, ${columns("s")}, ${columns("r")} FROM start s JOIN review r ON r."participantId" = s."participantId"`;
  const scores = (row: Record<string, number | boolean>, alias: string): TopScores => ({
    opiateDays: Number(row[`${alias}_opiateDays`]),
    injectedDays: Number(row[`${alias}_injectedDays`]),
    shopliftingDays: Number(row[`${alias}_shopliftingDays`]),
    psychologicalHealth: Number(row[`${alias}_psychologicalHealth`]),
    physicalHealth: Number(row[`${alias}_physicalHealth`]),
    qualityOfLife: Number(row[`${alias}_qualityOfLife`]),
    acuteHousingProblem: row[`${alias}_acuteHousingProblem`] === true,
  });
  return rows.map((row) => ({ sites: row.sites, start: scores(row, "s"), review: scores(row, "r") }));
}

/** Funding lines of the financial years the period touches, summed by site, year, kind and source. */
async function fundingLines(tx: Tx, scope: ReadScope): Promise<FundingLineRecord[]> {
  const groups = await tx.fundingLine.groupBy({
    by: ["siteId", "financialYear", "kind", "source"],
    where: {
      financialYear: { gte: financialYearOf(scope.from), lte: financialYearOf(scope.to) },
      ...(scope.siteId ? { siteId: scope.siteId } : {}),
    },
    _sum: { amountPence: true },
  });
  return groups.map((g) => ({ site: g.siteId, financialYear: g.financialYear, kind: g.kind, source: g.source, amountPence: g._sum.amountPence ?? 0 }));
}

/** Stock checks up to `asOf`, oldest first; no staff names. */
async function stockCheckRecords(tx: Tx, scope: ReadScope): Promise<StockCheckRecord[]> {
  const checks = await tx.stockCheck.findMany({
    where: { ...(scope.siteId !== null ? { siteId: scope.siteId } : {}), checkedAt: { lt: clinicInstant(addLocalDays(scope.asOf, 1), "00:00") } },
    orderBy: [{ checkedAt: "asc" }, { id: "asc" }],
    select: { siteId: true, batch: true, checkedAt: true, expected: true, counted: true, product: { select: { name: true, strengthMg: true, site: { select: { code: true } } } } },
  });
  return checks.map((c) => ({
    site: c.siteId,
    siteCode: c.product.site.code,
    product: `${c.product.name} ${c.product.strengthMg} mg`,
    batch: c.batch,
    checkedOn: clinicDate(c.checkedAt),
    expected: c.expected,
    counted: c.counted,
  }));
}

/** The compact, de-identified data the figures are computed from, followed up to today at the latest. */
export async function boardData(tx: Tx, scope: BoardScope, today: LocalDate): Promise<BoardData> {
  const read: ReadScope = { ...scope, asOf: followUpEnd(scope.to, today) };
  const [episodes, spans, sessions, screens, top, funding, stockChecks] = await Promise.all([
    episodeRecords(tx, read),
    siteEpisodes(tx, read),
    sessionCounts(tx, read),
    screenCounts(tx, read),
    topPairs(tx, read),
    fundingLines(tx, read),
    stockCheckRecords(tx, read),
  ]);
  return { site: scope.siteId, from: scope.from, to: scope.to, asOf: read.asOf, episodes, siteEpisodes: spans, sessions, screens, top, funding, stockChecks };
}

/**
 * The data an adjacent period end is compared at: episodes and TOP pairs, behind every count
 * at a period's end. Disclosure control compares nothing else (src/domain/disclosure-control.ts:
 * counts with basis "end"), so the period's own records (sessions, screens, funding, stock
 * checks, the funding population) are left empty and not read.
 */
export async function boardDataAtEnd(tx: Tx, scope: BoardScope, today: LocalDate): Promise<BoardData> {
  const read: ReadScope = { ...scope, asOf: followUpEnd(scope.to, today) };
  const [episodes, top] = await Promise.all([episodeRecords(tx, read), topPairs(tx, read)]);
  return { site: scope.siteId, from: scope.from, to: scope.to, asOf: read.asOf, episodes, siteEpisodes: [], sessions: [], screens: [], top, funding: [], stockChecks: [] };
}

/** Each site's own cost assumptions: the one site in scope, or every site. */
export async function siteCosts(tx: Tx, siteId: string | null): Promise<SiteCosts> {
  const siteIds = siteId !== null ? [siteId] : (await tx.site.findMany({ select: { id: true } })).map((site) => site.id);
  return Object.fromEntries(await Promise.all(siteIds.map(async (id) => [id, await costAssumptions(tx, id)] as const)));
}

export async function boardFigures(tx: Tx, scope: BoardScope, today: LocalDate): Promise<BoardFigures> {
  const [data, costs] = await Promise.all([boardData(tx, scope, today), siteCosts(tx, scope.siteId)]);
  return computeBoardFigures(data, costs);
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

/**
 * Figures with the label every page, report and export carries: site, period, the day
 * follow-up stops (`asOf`: the period's end or today, the clinic's date at `now`), cohort
 * and when.
 */
export async function boardReport(tx: Tx, scope: BoardScope, now: Date = new Date()): Promise<{ figures: BoardFigures; label: ReportLabel } | null> {
  const label = await reportLabel(tx, scope, now);
  if (!label) return null;
  return { figures: await boardFigures(tx, scope, clinicDate(now)), label };
}

/** The label alone (null when there is no such site). */
export async function reportLabel(tx: Tx, scope: BoardScope, now: Date = new Date()): Promise<ReportLabel | null> {
  let site = "All sites";
  if (scope.siteId !== null) {
    const found = await tx.site.findUnique({ where: { id: scope.siteId }, select: { name: true } });
    if (!found) return null;
    site = found.name;
  }
  return {
    site,
    from: scope.from,
    to: scope.to,
    asOf: followUpEnd(scope.to, clinicDate(now)),
    cohort: scope.cohort === null ? "All cohorts" : `Enrolled in ${financialYearLabel(scope.cohort)}`,
    generatedAt: formatClinicTimestamp(now),
    threshold: await smallGroupThreshold(tx, scope.siteId),
  };
}

/** Enrolment cohorts to choose from: every financial year from the first enrolment to today's. */
export async function boardCohorts(tx: Tx, today: LocalDate): Promise<number[]> {
  const first = await tx.episode.aggregate({ _min: { enrolledOn: true } });
  const from = financialYearOf(first._min.enrolledOn ? dbDateToLocal(first._min.enrolledOn) : today);
  return Array.from({ length: financialYearOf(today) - from + 1 }, (_, i) => from + i);
}
