// The project's benchmark: builds a throwaway database on a PostgreSQL server, loads years of
// synthetic clinic history with set-based SQL, then times the dose workflow, the Today board
// and the board's figures against it, prints a table against the targets and drops the database.
//   BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:55500/postgres \
//     tsx --conditions=react-server scripts/bench/run.ts
// Sizes: BENCH_PARTICIPANTS (500), BENCH_YEARS (5), BENCH_SITE_SIZE (participants per site and
// so on the Today board, 200), BENCH_DOSES (participants taken through today's AM session with a
// cheap witness PIN hash, 60), BENCH_DOSES_REAL_PIN (more, with the production-cost PIN, 20),
// BENCH_EVENT_DAYS (days of full event, audit-free, and register history, 14), BENCH_REPEAT
// (repeats of each read model, 20), BENCH_IMPORT_ROWS (offence import rows, 50000; 0 skips),
// BENCH_KEEP=1 keeps the database.
import { hash } from "@node-rs/bcrypt";
import pg from "pg";
import type { Actor } from "@/auth/actor";
import { hashWitnessPin, verifyWitnessPin } from "@/auth/passwords";
import { openAdapter } from "@/db/adapter";
import { closeDatabase, openDatabase, type Database, type Tx } from "@/db/client";
import { parseDatabaseUrl } from "@/db/config";
import { applyMigrations } from "@/db/schema-engine";
import { addLocalDays, addLocalMonths, clinicDate, clinicInstant } from "@/domain/clinic-time";
import { defaultPeriod, periodContaining, periodTo, previousPeriod, type ReportingPeriod } from "@/domain/reporting-period";
import { boardFigures, type BoardScope } from "@/server/board";
import { boardRelease } from "@/server/board-release";
import { administerDose, checkDrawWitness, checkIn, drawDose, recordPreDoseAssessment, signOff } from "@/server/dose-sessions";
import { AdministerDoseInput, DrawDoseInput, PreDoseAssessmentInput } from "@/server/dose-sessions.input";
import { importOffences } from "@/server/offences";
import { todayBoard } from "@/server/today-board";

const env = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number ≥ 0`);
  return Math.floor(value);
};
const SERVER_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:55500/postgres";
const PARTICIPANTS = Math.max(1, env("BENCH_PARTICIPANTS", 500));
const YEARS = Math.max(1, env("BENCH_YEARS", 5));
const SITE_SIZE = Math.max(1, env("BENCH_SITE_SIZE", 200));
const DOSES = env("BENCH_DOSES", 60);
const DOSES_REAL_PIN = env("BENCH_DOSES_REAL_PIN", 20);
const EVENT_DAYS = env("BENCH_EVENT_DAYS", 14);
const REPEAT = Math.max(1, env("BENCH_REPEAT", 20));
const IMPORT_ROWS = env("BENCH_IMPORT_ROWS", 50_000);
const SITES = Math.ceil(PARTICIPANTS / SITE_SIZE);
const ON_SITE_1 = Math.min(PARTICIPANTS, SITE_SIZE);
if (DOSES + DOSES_REAL_PIN + 1 > ON_SITE_1) throw new Error(`BENCH_DOSES + BENCH_DOSES_REAL_PIN + 1 warm-up (${DOSES + DOSES_REAL_PIN + 1}) exceed the first site's ${ON_SITE_1} participants`);

const DB_NAME = `hat_bench_${process.pid}`;
const PIN = "246813";
const today = clinicDate(new Date());
const yesterday = addLocalDays(today, -1);
const firstDay = addLocalDays(today, -Math.round(YEARS * 365.25));
const redact = (url: string) => url.replace(/\/\/[^@/]*@/, "//");

function databaseUrl(server: string, name: string): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

// ─── Synthetic data, set-based ───────────────────────────────────────────────

/** Statements run in order; every id is derived from generate_series numbers, so the data is the same on every run. */
function loadStatements(users: { nurse: string; witness: string; fastWitness: string; prescriber: string; pinHash: string; fastPinHash: string }): [string, string][] {
  const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
  const first = lit(firstDay);
  const last = lit(yesterday);
  const prescriber = lit(users.prescriber);
  // A deterministic pseudo-random 0–99 from integers.
  const roll = (...parts: string[]) => `(abs(hashtext(concat_ws(':', ${parts.join(", ")}))) % 100)`;
  return [
    ["sites", `INSERT INTO "Site" (id, code, name) SELECT 'site-' || s, 'B' || s, 'Bench clinic ' || s FROM generate_series(1, ${SITES}) s`],
    [
      "staff",
      `INSERT INTO "User" (id, email, name, role, "siteId", "passwordHash", "witnessPinHash") VALUES
        (${lit(users.nurse)}, 'nurse@bench.test', 'Nurse One', 'NURSE', 'site-1', 'not-used', NULL),
        (${lit(users.witness)}, 'witness@bench.test', 'Nurse Two', 'NURSE', 'site-1', 'not-used', ${lit(users.pinHash)}),
        (${lit(users.fastWitness)}, 'witness-fast@bench.test', 'Nurse Three', 'NURSE', 'site-1', 'not-used', ${lit(users.fastPinHash)}),
        (${prescriber}, 'prescriber@bench.test', 'Dr Prescriber', 'PRESCRIBER', 'site-1', 'not-used', NULL)`,
    ],
    [
      "participants",
      `INSERT INTO "Participant" (id, "siteId", reference)
       SELECT 'p' || n, 'site-' || ((n - 1) / ${SITE_SIZE} + 1), 'B-' || lpad(n::text, 6, '0') FROM generate_series(1, ${PARTICIPANTS}) n`,
    ],
    [
      "identities",
      `INSERT INTO "ParticipantIdentity" ("participantId", "givenName", "familyName", "dateOfBirth")
       SELECT 'p' || n, 'Given' || n, 'Family' || lpad(n::text, 6, '0'), DATE '1975-01-01' + (n * 97 % 7000) FROM generate_series(1, ${PARTICIPANTS}) n`,
    ],
    [
      "episodes",
      // Enrolment staggered over the first 60 days, so cohorts and "before/during" differ.
      // Past titration: stable from the first prescription.
      `INSERT INTO "Episode" (id, "siteId", "participantId", "enrolledOn", "titrationFrom", "stableFrom", "enrolledById")
       SELECT 'e' || n, 'site-' || ((n - 1) / ${SITE_SIZE} + 1), 'p' || n, d, (d + time '07:00') AT TIME ZONE 'Europe/London', (d + time '07:00') AT TIME ZONE 'Europe/London', ${prescriber}
       FROM generate_series(1, ${PARTICIPANTS}) n CROSS JOIN LATERAL (SELECT ${first}::date + (n * 37 % 60) AS d) enrolled`,
    ],
    [
      "prescriptions",
      // Version 1 at enrolment; every third participant has a version 2 six months later. Each
      // is in date today (the bench measures dosing, not lapsed prescriptions), without the
      // review versions five years would add.
      `INSERT INTO "Prescription" (id, "participantId", "episodeId", version, "amDoseMg", "pmDoseMg", "startsAt", "reviewBy", reason, "prescriberId")
       SELECT 'rx' || n || '-1', 'p' || n, 'e' || n, 1, 80 + (n % 8) * 10, 90 + (n % 8) * 10,
              (e."enrolledOn" + time '07:00') AT TIME ZONE 'Europe/London', ${lit(today)}::date + 14, 'Bench: stable dose', ${prescriber}
       FROM generate_series(1, ${PARTICIPANTS}) n JOIN "Episode" e ON e.id = 'e' || n;
       INSERT INTO "Prescription" (id, "participantId", "episodeId", version, "supersedesId", "amDoseMg", "pmDoseMg", "startsAt", "reviewBy", reason, "prescriberId")
       SELECT 'rx' || n || '-2', 'p' || n, 'e' || n, 2, 'rx' || n || '-1', 100 + (n % 8) * 10, 110 + (n % 8) * 10,
              (e."enrolledOn" + 180 + time '07:00') AT TIME ZONE 'Europe/London', ${lit(today)}::date + 14, 'Bench: titrated', ${prescriber}
       FROM generate_series(3, ${PARTICIPANTS}, 3) n JOIN "Episode" e ON e.id = 'e' || n`,
    ],
    [
      "dose sessions",
      // Twice a day from enrolment to yesterday: ~88% dosed, 1% partial, 8% missed, 2% withheld, 1% declined.
      `INSERT INTO "DoseSession" (id, "siteId", "participantId", "episodeId", "sessionDate", slot, stage, outcome, "givenMg", "administeredAt", "observationEndsAt", "createdAt", "updatedAt")
       SELECT id, "siteId", "participantId", "episodeId", day, slot::"SessionSlot",
              (CASE WHEN r < 89 THEN 'SIGNED_OFF' ELSE 'CLOSED' END)::"SessionStage",
              (CASE WHEN r < 88 THEN 'DOSED' WHEN r < 89 THEN 'PARTIAL' WHEN r < 97 THEN 'MISSED' WHEN r < 99 THEN 'WITHHELD' ELSE 'DECLINED' END)::"SessionOutcome",
              CASE WHEN r < 88 THEN dose WHEN r < 89 THEN dose - 20 WHEN r < 97 THEN NULL ELSE 0 END,
              CASE WHEN r < 89 THEN given END, CASE WHEN r < 89 THEN given + interval '20 minutes' END, given, given
       FROM (
         SELECT 'ds' || n || '-' || to_char(d, 'YYYYMMDD') || s.slot AS id, 'site-' || ((n - 1) / ${SITE_SIZE} + 1) AS "siteId", 'p' || n AS "participantId", 'e' || n AS "episodeId",
                d::date AS day, s.slot, ${roll("n", "d::date - DATE '2000-01-01'", "s.k")} AS r,
                (CASE WHEN s.slot = 'AM' THEN 80 ELSE 90 END) + (n % 8) * 10 AS dose,
                (d::date + s.at + (n % 40) * interval '1 minute') AT TIME ZONE 'Europe/London' AS given
         FROM generate_series(1, ${PARTICIPANTS}) n
         JOIN "Episode" e ON e.id = 'e' || n
         CROSS JOIN LATERAL generate_series(e."enrolledOn"::timestamp, ${last}::date::timestamp, interval '1 day') d
         CROSS JOIN (VALUES ('AM', time '08:15', 1), ('PM', time '15:15', 2)) s(slot, at, k)
       ) x`,
    ],
    [
      "session closures",
      `INSERT INTO "SessionClosure" (id, "siteId", "sessionDate", slot, "closedAt")
       SELECT 'sc' || s || '-' || to_char(d, 'YYYYMMDD') || slot, 'site-' || s, d::date, slot::"SessionSlot", (d::date + time '19:00') AT TIME ZONE 'Europe/London'
       FROM generate_series(1, ${SITES}) s, generate_series(${first}::date::timestamp, ${last}::date::timestamp, interval '1 day') d, (VALUES ('AM'), ('PM')) v(slot)`,
    ],
    [
      "dose session events (recent days)",
      `INSERT INTO "DoseSessionEvent" (id, "doseSessionId", step, at, "byId", "witnessId", "prescriptionId", "sedationScore", "breathAlcohol", "withdrawalScore", spo2, "prescribedMg", "doseMg", route, "injectionSite")
       SELECT d.id || '-' || st.step, d.id, st.step::"DoseSessionStep", d."administeredAt" + st.offs, ${lit(users.nurse)},
              CASE WHEN st.step = 'DRAW' THEN ${lit(users.witness)} END,
              CASE WHEN st.step = 'DRAW' THEN 'rx' || substr(d."participantId", 2) || '-1' END,
              CASE WHEN st.step = 'ASSESSMENT' THEN 0 END, CASE WHEN st.step = 'ASSESSMENT' THEN 0 END,
              CASE WHEN st.step = 'ASSESSMENT' THEN 2 END, CASE WHEN st.step = 'ASSESSMENT' THEN 98 END,
              CASE WHEN st.step = 'DRAW' THEN d."givenMg" END, CASE WHEN st.step IN ('DRAW', 'ADMINISTER') THEN d."givenMg" END,
              CASE WHEN st.step = 'ADMINISTER' THEN 'IV'::"DoseRoute" END, CASE WHEN st.step = 'ADMINISTER' THEN 'left forearm' END
       FROM "DoseSession" d
       CROSS JOIN (VALUES ('CHECK_IN', interval '-15 minutes'), ('ASSESSMENT', interval '-10 minutes'), ('DRAW', interval '-5 minutes'),
                          ('ADMINISTER', interval '0'), ('SIGN_OFF', interval '20 minutes')) st(step, offs)
       WHERE d."sessionDate" > ${last}::date - ${EVENT_DAYS} AND d.outcome = 'DOSED'`,
    ],
    [
      "register",
      // One product per site and a receipt big enough for every dose; supply lines for the recent days' doses at each site.
      `INSERT INTO "DrugProduct" (id, "siteId", name, "strengthMg", form) SELECT 'prod-' || s, 'site-' || s, 'Diamorphine hydrochloride', 100, 'ampoule' FROM generate_series(1, ${SITES}) s;
       INSERT INTO "ControlledDrugEntry" (id, "siteId", "productId", kind, "occurredAt", batch, "expiresOn", quantity, supplier, "madeById")
       SELECT 'rcpt-' || s, 'site-' || s, 'prod-' || s, 'RECEIPT', ${first}::date - 1, 'BENCH-1', DATE '2099-12-31', 10000000, 'Bench wholesaler', ${prescriber}
       FROM generate_series(1, ${SITES}) s;
       INSERT INTO "ControlledDrugEntry" (id, "siteId", "productId", kind, "occurredAt", batch, quantity, "mgUsed", "mgWasted", "participantId", "prescriberId", "doseSessionId", "madeById", "witnessId")
       SELECT 'sup-' || d.id, d."siteId", 'prod-' || substr(d."siteId", 6), 'SUPPLY', d."administeredAt", 'BENCH-1', ceil(d."givenMg" / 100.0)::int, d."givenMg",
              ceil(d."givenMg" / 100.0)::int * 100 - d."givenMg", d."participantId", ${prescriber}, d.id, ${lit(users.nurse)}, ${lit(users.witness)}
       FROM "DoseSession" d WHERE d."sessionDate" > ${last}::date - ${EVENT_DAYS} AND d."givenMg" > 0`,
    ],
    [
      "urine screens (monthly)",
      `INSERT INTO "UrineScreen" (id, "siteId", "participantId", "collectedOn", supervised, source)
       SELECT 'us' || n || '-' || k, 'site-' || ((n - 1) / ${SITE_SIZE} + 1), 'p' || n, (e."enrolledOn" + make_interval(months => k::int) + (n % 7) * interval '1 day')::date, true, 'MANUAL'
       FROM generate_series(1, ${PARTICIPANTS}) n JOIN "Episode" e ON e.id = 'e' || n
       CROSS JOIN LATERAL generate_series(0, (extract(year FROM age(${last}::date, e."enrolledOn")) * 12 + extract(month FROM age(${last}::date, e."enrolledOn")))::int - 1) k;
       INSERT INTO "UrineResult" (id, "screenId", substance, result)
       SELECT s.id || '-' || sub, s.id, sub::"Substance",
              (CASE WHEN sub = 'MORPHINE_6MAM' THEN 'POSITIVE'
                    WHEN sub IN ('ACETYLCODEINE', 'PAPAVERINE') AND ${roll("hashtext(s.id)", "length(sub)")} < greatest(8, 60 - split_part(s.id, '-', 2)::int * 4) THEN 'POSITIVE'
                    WHEN sub = 'COCAINE' AND ${roll("hashtext(s.id)", "7")} < 35 THEN 'POSITIVE'
                    ELSE 'NEGATIVE' END)::"ScreenResult"
       FROM "UrineScreen" s CROSS JOIN (VALUES ('ACETYLCODEINE'), ('PAPAVERINE'), ('MORPHINE_6MAM'), ('COCAINE'), ('BENZODIAZEPINES')) v(sub)`,
    ],
    [
      "TOP assessments",
      // A Start at enrolment and a Review every six months.
      `INSERT INTO "TopAssessment" (id, "participantId", "assessedOn", stage, "alcoholDays", "alcoholUnitsPerDay", "opiateDays", "crackDays", "cocaineDays", "amphetamineDays",
          "cannabisDays", "otherDrugDays", "injectedDays", "sharedNeedles", "sharedOtherEquipment", "shopliftingDays", "sellingDrugsDays", "theftBurglaryDays", "assaultDays",
          "psychologicalHealth", "physicalHealth", "qualityOfLife", "paidWorkDays", "educationDays", "acuteHousingProblem", "riskOfEviction", "recordedById")
       SELECT 'top' || n || '-' || k, 'p' || n, (e."enrolledOn" + make_interval(months => 6 * k::int))::date, (CASE WHEN k = 0 THEN 'START' ELSE 'REVIEW' END)::"TopStage",
              n % 10, n % 6, greatest(0, 28 - k * 6 - n % 5), n % 9, n % 4, 0, n % 15, 0, greatest(0, 26 - k * 6 - n % 3), k = 0 AND n % 5 = 0, k = 0 AND n % 4 = 0,
              greatest(0, 12 - k * 3 - n % 4), greatest(0, 6 - k * 2), greatest(0, 4 - k), n % 2, least(20, 6 + k + n % 4), least(20, 7 + k + n % 3), least(20, 5 + k * 2 + n % 3),
              least(28, k * 2), 0, k = 0 AND n % 3 = 0, n % 7 = 0, ${prescriber}
       FROM generate_series(1, ${PARTICIPANTS}) n JOIN "Episode" e ON e.id = 'e' || n
       CROSS JOIN LATERAL generate_series(0, ((${last}::date - e."enrolledOn") / 183)::int) k`,
    ],
    [
      "offences",
      // Six in the year before enrolment, and one a year or so during treatment.
      `INSERT INTO "Offence" (id, "participantId", "offenceDate", "offenceType", "severityScore", source)
       SELECT 'off' || n || '-b' || k, 'p' || n, e."enrolledOn" - (k * 55 + n % 40 + 1), (ARRAY['Shoplifting', 'Burglary (dwelling)', 'Theft from person', 'Common assault'])[k % 4 + 1], 10 + (n * k) % 300, 'IMPORT'
       FROM generate_series(1, ${PARTICIPANTS}) n JOIN "Episode" e ON e.id = 'e' || n CROSS JOIN generate_series(0, 5) k;
       INSERT INTO "Offence" (id, "participantId", "offenceDate", "offenceType", "severityScore", source)
       SELECT 'off' || n || '-d' || k, 'p' || n, e."enrolledOn" + k * 365 + (n * 13 % 300), 'Shoplifting', 5 + (n * k) % 100, 'IMPORT'
       FROM generate_series(1, ${PARTICIPANTS}) n JOIN "Episode" e ON e.id = 'e' || n
       CROSS JOIN LATERAL generate_series(0, ((${last}::date - e."enrolledOn") / 365)::int - 1) k
       WHERE n % 3 <> 0`,
    ],
    ["analyze", `ANALYZE`],
  ];
}

// ─── Timing ──────────────────────────────────────────────────────────────────

type Row = { operation: string; n: number; samples: number[]; target: string; met: (median: number, p95: number) => boolean | null };
const rows: Row[] = [];

const quantile = (samples: number[], q: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
};
const median = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function timed<T>(samples: number[], fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await fn();
  samples.push(performance.now() - started);
  return result;
}

// ─── Main ────────────────────────────────────────────────────────────────────

const admin = new pg.Client({ connectionString: SERVER_URL });
let database: Database | undefined;
let loader: pg.Client | undefined;
let created = false;
try {
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME}`);
  await admin.query(`CREATE DATABASE ${DB_NAME}`);
  created = true;
  const url = databaseUrl(SERVER_URL, DB_NAME);
  console.log(`Bench database ${redact(url)}: ${PARTICIPANTS} participants on ${SITES} site(s) of up to ${SITE_SIZE}, ${YEARS} years (${firstDay} to ${yesterday}), today ${today}`);

  const migrateHandle = openAdapter({ kind: "postgres", url });
  let started = performance.now();
  await applyMigrations(migrateHandle.factory);
  await migrateHandle.close();
  console.log(`Migrations applied in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const users = {
    nurse: "u-nurse",
    witness: "u-witness",
    fastWitness: "u-witness-fast",
    prescriber: "u-prescriber",
    // Production cost (hashWitnessPin, bcrypt 8), and cost 4 to time the rest of the draw without it.
    pinHash: await hashWitnessPin(PIN),
    fastPinHash: await hash(PIN, { cost: 4 }),
  };
  loader = new pg.Client({ connectionString: url });
  await loader.connect();
  await loader.query(`SET synchronous_commit = off; SET maintenance_work_mem = '256MB'; SET work_mem = '64MB'`);
  const loadStarted = performance.now();
  const stepTimes: Record<string, string> = {};
  for (const [what, sql] of loadStatements(users)) {
    started = performance.now();
    await loader.query(sql);
    stepTimes[what] = `${((performance.now() - started) / 1000).toFixed(1)} s`;
    process.stdout.write(`  loaded ${what} in ${stepTimes[what]}\n`);
  }
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  const counts = await loader.query<{ table: string; rows: string }>(
    ["Site", "User", "Participant", "Episode", "Prescription", "DoseSession", "DoseSessionEvent", "SessionClosure", "ControlledDrugEntry", "UrineScreen", "UrineResult", "TopAssessment", "Offence"]
      .map((t) => `SELECT '${t}' AS table, count(*) AS rows FROM "${t}"`)
      .join(" UNION ALL "),
  );
  const size = await loader.query<{ size: string }>(`SELECT pg_size_pretty(pg_database_size(current_database())) AS size`);
  console.log(`Loaded in ${loadSeconds.toFixed(1)} s, database ${size.rows[0]!.size}:`);
  console.table(Object.fromEntries(counts.rows.map((r) => [r.table, Number(r.rows)])));

  database = openDatabase(parseDatabaseUrl(url));
  const prisma = database.prisma;
  const tx = <T>(fn: (tx: Tx) => Promise<T>) => prisma.$transaction(fn, { maxWait: 10_000, timeout: 120_000 });
  const nurse: Actor = { userId: users.nurse, name: "Nurse One", role: "NURSE", siteId: "site-1" };
  const at = (time: string) => clinicInstant(today, time);

  // Warm-up: the first call of each Prisma query shape pays for compiling it, so one participant
  // (the last one at site 1, not timed) goes through every step first.
  await todayBoard(prisma, "site-1", at("08:30"));
  {
    const participantId = `p${ON_SITE_1}`;
    const { id } = await tx((t) => checkIn(t, nurse, { participantId, sessionDate: today, slot: "AM" }, at("08:30")));
    await tx((t) => recordPreDoseAssessment(t, nurse, PreDoseAssessmentInput.parse({ doseSessionId: id, sedationScore: "0", breathAlcohol: "0", withdrawalScore: "2", spo2: "98" }), at("08:35")));
    const mg = ON_SITE_1 % 3 === 0 ? 100 + (ON_SITE_1 % 8) * 10 : 80 + (ON_SITE_1 % 8) * 10;
    const input = DrawDoseInput.parse({ doseSessionId: id, doseMg: String(mg), batch: "prod-1:BENCH-1", witnessEmail: "witness-fast@bench.test", witnessPin: PIN });
    const witness = await checkDrawWitness(prisma, nurse, input, at("08:40"));
    await tx((t) => drawDose(t, nurse, input, witness, at("08:40")));
    await tx((t) => administerDose(t, nurse, AdministerDoseInput.parse({ doseSessionId: id, injectionSite: "left forearm" }), at("08:45")));
    await tx((t) => signOff(t, nurse, { doseSessionId: id }, at("09:30")));
  }

  // ─── Dose steps: today's AM session at site 1, one step at a time across the floor ───
  const people = Array.from({ length: DOSES + DOSES_REAL_PIN }, (_, i) => `p${i + 1}`);
  const samples = { checkIn: [] as number[], assess: [] as number[], drawFast: [] as number[], drawReal: [] as number[], administer: [] as number[], signOff: [] as number[], pin: [] as number[] };
  const sessionIds: string[] = [];
  for (const participantId of people) {
    const { id } = await tx((t) => timed(samples.checkIn, () => checkIn(t, nurse, { participantId, sessionDate: today, slot: "AM" }, at("08:30"))));
    sessionIds.push(id);
  }
  for (const doseSessionId of sessionIds) {
    const input = PreDoseAssessmentInput.parse({ doseSessionId, sedationScore: "0", breathAlcohol: "0", withdrawalScore: "2", spo2: "98" });
    await tx((t) => timed(samples.assess, () => recordPreDoseAssessment(t, nurse, input, at("08:35"))));
  }
  const prescribed = await prisma.$queryRaw<{ id: string; mg: number }[]>`
    SELECT d.id, r."amDoseMg" AS mg FROM "DoseSession" d
    JOIN LATERAL (SELECT "amDoseMg" FROM "Prescription" p WHERE p."episodeId" = d."episodeId" AND p."startsAt" <= ${at("08:40")} ORDER BY version DESC LIMIT 1) r ON true
    WHERE d.id = ANY(${sessionIds})`;
  const doseOf = new Map(prescribed.map((r) => [r.id, r.mg]));
  for (const [i, doseSessionId] of sessionIds.entries()) {
    const real = i >= DOSES;
    const input = DrawDoseInput.parse({ doseSessionId, doseMg: String(doseOf.get(doseSessionId)), batch: "prod-1:BENCH-1", witnessEmail: real ? "witness@bench.test" : "witness-fast@bench.test", witnessPin: PIN });
    // As the action runs it: the session and the witness's PIN before the transaction.
    await timed(real ? samples.drawReal : samples.drawFast, async () => {
      const witness = await checkDrawWitness(prisma, nurse, input, at("08:40"));
      await tx((t) => drawDose(t, nurse, input, witness, at("08:40")));
    });
  }
  for (const doseSessionId of sessionIds) {
    const input = AdministerDoseInput.parse({ doseSessionId, injectionSite: "left forearm" });
    await tx((t) => timed(samples.administer, () => administerDose(t, nurse, input, at("08:45"))));
  }
  for (const doseSessionId of sessionIds) {
    await tx((t) => timed(samples.signOff, () => signOff(t, nurse, { doseSessionId }, at("09:30"))));
  }
  for (let i = 0; i < Math.max(DOSES_REAL_PIN, 5); i++) await timed(samples.pin, () => verifyWitnessPin(PIN, users.pinHash));

  const within = (limit: number) => (_: number, p95: number) => p95 <= limit;
  const stepRows: [string, number[], string, Row["met"]][] = [
    ["check-in", samples.checkIn, "p95 ≤ 30", within(30)],
    ["pre-dose assessment", samples.assess, "p95 ≤ 30", within(30)],
    ["draw + register supply line, witness PIN at cost 4 (≈ draw without bcrypt)", samples.drawFast, "p95 ≤ 30", within(30)],
    ["draw, witness PIN at cost 8 (production)", samples.drawReal, "p95 ≤ 30 + PIN check", () => null],
    ["  of which: witness PIN check alone (bcrypt 8)", samples.pin, "(deliberate)", () => null],
    ["administer (re-check since the draw)", samples.administer, "p95 ≤ 30", within(30)],
    ["sign-off", samples.signOff, "p95 ≤ 30", within(30)],
  ];
  for (const [operation, s, target, met] of stepRows) if (s.length > 0) rows.push({ operation, n: s.length, samples: s, target, met });
  if (samples.drawReal.length > 0) {
    const pinMedian = median(samples.pin);
    const rest = samples.drawReal.map((v) => v - pinMedian);
    rows.push({ operation: "draw cost 8 minus median PIN check", n: rest.length, samples: rest, target: "p95 ≤ 30", met: within(30) });
  }

  // ─── Today board, as the page calls it (db(), no transaction) ───
  const todaySamples: number[] = [];
  let rosterSize = 0;
  for (let i = 0; i < REPEAT; i++) {
    const board = await timed(todaySamples, () => todayBoard(prisma, "site-1", at("09:30")));
    rosterSize = board.rows.length;
  }
  rows.push({ operation: `Today board (${rosterSize} expected, ${sessionIds.length} dosed)`, n: REPEAT, samples: todaySamples, target: "p95 ≤ 100", met: within(100) });

  // ─── Board figures, as the board page calls them (db(): its queries run in parallel), against one hand-written query ───
  const handWritten = (scope: BoardScope) => prisma.$queryRaw<unknown[]>`
    WITH ep AS (
      SELECT e.id, e."participantId", e."enrolledOn", x."exitedOn" FROM "Episode" e LEFT JOIN "Exit" x ON x."episodeId" = e.id
      WHERE e."enrolledOn" <= ${scope.to}::date AND (${scope.siteId}::text IS NULL OR e."siteId" = ${scope.siteId}::text)),
    attendance AS (
      SELECT date_trunc('month', d."sessionDate") AS month, count(*) FILTER (WHERE d.outcome IN ('DOSED', 'PARTIAL')) AS attended,
             count(*) FILTER (WHERE d.outcome <> 'NOT_EXPECTED') AS expected
      FROM "DoseSession" d JOIN ep ON ep.id = d."episodeId"
      WHERE d.outcome IS NOT NULL AND d."sessionDate" BETWEEN ${scope.from}::date AND ${scope.to}::date GROUP BY 1),
    screens AS (
      SELECT count(*) AS screens,
             count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM "UrineResult" r WHERE r."screenId" = s.id AND r.result = 'POSITIVE'
               AND r.substance IN ('ACETYLCODEINE', 'PAPAVERINE', 'NOSCAPINE'))) AS negative
      FROM "UrineScreen" s JOIN ep ON ep."participantId" = s."participantId" AND s."collectedOn" >= ep."enrolledOn" AND (ep."exitedOn" IS NULL OR s."collectedOn" <= ep."exitedOn")
      WHERE s."collectedOn" BETWEEN ${scope.from}::date AND ${scope.to}::date),
    offences AS (
      SELECT count(*) FILTER (WHERE o."offenceDate" >= ep."enrolledOn" - 365 AND o."offenceDate" < ep."enrolledOn") AS before,
             sum(o."severityScore") FILTER (WHERE o."offenceDate" >= ep."enrolledOn" - 365 AND o."offenceDate" < ep."enrolledOn") AS "harmBefore",
             count(*) FILTER (WHERE o."offenceDate" >= ep."enrolledOn" AND o."offenceDate" <= LEAST(COALESCE(ep."exitedOn", ${scope.to}::date), ${scope.to}::date)) AS during,
             sum(o."severityScore") FILTER (WHERE o."offenceDate" >= ep."enrolledOn" AND o."offenceDate" <= LEAST(COALESCE(ep."exitedOn", ${scope.to}::date), ${scope.to}::date)) AS "harmDuring"
      FROM ep JOIN "Offence" o ON o."participantId" = ep."participantId")
    SELECT (SELECT json_agg(json_build_object('month', to_char(month, 'YYYY-MM'), 'attended', attended, 'expected', expected) ORDER BY month) FROM attendance) AS attendance,
           (SELECT row_to_json(sc) FROM screens sc) AS screens, (SELECT row_to_json(oc) FROM offences oc) AS offences`;

  const scopes: [string, BoardScope][] = [
    ["site 1, whole period", { siteId: "site-1", from: firstDay, to: today, cohort: null }],
    ["all sites, whole period", { siteId: null, from: firstDay, to: today, cohort: null }],
    ["site 1, last 12 months", { siteId: "site-1", from: addLocalMonths(today, -12), to: today, cohort: null }],
    ["all sites, last 12 months", { siteId: null, from: addLocalMonths(today, -12), to: today, cohort: null }],
  ];
  const boardRepeat = Math.max(3, Math.ceil(REPEAT / 2));
  for (const [label, scope] of scopes) {
    await boardFigures(prisma, scope, today);
    await handWritten(scope);
    const dashboard: number[] = [];
    const sql: number[] = [];
    for (let i = 0; i < boardRepeat; i++) {
      await timed(dashboard, () => boardFigures(prisma, scope, today));
      await timed(sql, () => handWritten(scope));
    }
    const sqlMedian = median(sql);
    rows.push({
      operation: `boardFigures, ${label} (${(median(dashboard) / sqlMedian).toFixed(1)}× SQL)`,
      n: boardRepeat,
      samples: dashboard,
      target: "p95 ≤ 300, median ≤ 2× SQL",
      met: (m, p95) => p95 <= 300 && m <= 2 * sqlMedian,
    });
    rows.push({ operation: `  hand-written single SQL, ${label}`, n: boardRepeat, samples: sql, target: "(reference)", met: () => null });
  }

  // ─── The board page as a board member opens it: all sites and every site released together,
  // each beside its adjacent period ends (src/server/board-release.ts) ───
  const releases: [string, ReportingPeriod][] = [
    ["financial year in progress", defaultPeriod(today)],
    ["last full quarter", previousPeriod(periodContaining("quarter", today))],
  ];
  for (const [label, period] of releases) {
    const filter = { siteId: null, period, from: period.from, to: periodTo(period, today), cohort: null };
    await boardRelease(prisma, filter);
    const page: number[] = [];
    for (let i = 0; i < boardRepeat; i++) await timed(page, () => boardRelease(prisma, filter));
    rows.push({ operation: `board page released, ${label} (all sites, each site, adjacent period ends)`, n: boardRepeat, samples: page, target: "p95 ≤ 300", met: within(300) });
  }

  // ─── Offence import (the scripts/bench/import-offences.ts workload, smaller), rolled back ───
  if (IMPORT_ROWS > 0) {
    const references = Array.from({ length: ON_SITE_1 }, (_, i) => `B-${String(i + 1).padStart(6, "0")}`);
    const types = ["Shoplifting", "Theft from person", "Burglary (dwelling)", "Common assault", "Criminal damage", "Possession with intent to supply"];
    const lines = ["reference,offence date,offence type,severity score"];
    for (let i = 0; i < IMPORT_ROWS; i++) {
      const slot = Math.floor(i / references.length);
      lines.push(`${references[i % references.length]},${addLocalDays(today, -1 - (slot % 1825))},${types[Math.floor(slot / 1825) % types.length]},${(i % 400) + 1}`);
    }
    const csv = lines.join("\r\n") + "\r\n";
    const adminActor: Actor = { userId: users.prescriber, name: "Dr Prescriber", role: "ADMIN", siteId: "site-1" };
    const importSamples: number[] = [];
    class RollBack extends Error {}
    await prisma
      .$transaction(
        async (t) => {
          const report = await timed(importSamples, () => importOffences(t, adminActor, csv, today));
          if (report.status !== "imported") throw new Error(`The generated offence file was rejected: ${report.problems[0]?.reason}`);
          throw new RollBack();
        },
        { maxWait: 10_000, timeout: 900_000 },
      )
      .catch((error: unknown) => {
        if (!(error instanceof RollBack)) throw error;
      });
    rows.push({ operation: `offence import, ${IMPORT_ROWS} rows (rolled back)`, n: 1, samples: importSamples, target: "(no target)", met: () => null });
  }

  // ─── Table ───
  console.log(`\nServer-side times in ms (dose steps: the service call inside its own transaction; read models: as the pages call them).`);
  console.table(
    rows.map((row) => {
      const m = median(row.samples);
      const p95 = quantile(row.samples, 0.95);
      const met = row.met(m, p95);
      return { operation: row.operation, n: row.n, "median ms": Number(m.toFixed(1)), "p95 ms": Number(p95.toFixed(1)), target: row.target, met: met === null ? "" : met ? "yes" : "NO" };
    }),
  );
  console.log(`Data: ${counts.rows.map((r) => `${r.table} ${Number(r.rows).toLocaleString("en-GB")}`).join(", ")}; loaded in ${loadSeconds.toFixed(1)} s.`);
} catch (error) {
  console.error(`Bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  if (database) await closeDatabase(database);
  if (loader) await loader.end();
  if (created && process.env.BENCH_KEEP !== "1") {
    await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    console.log(`Dropped ${DB_NAME}.`);
  } else if (created) console.log(`Kept ${DB_NAME} (BENCH_KEEP=1).`);
  await admin.end();
}
