// Times the offence import on the database DATABASE_URL names (run db:migrate and db:seed -- --demo
// there first): 50,000 police rows for the participants already there, imported once and
// then again (every row already held), inside one transaction that is rolled back, so the
// database is left as it was.
//   DATABASE_URL=pglite:/tmp/bench-pglite tsx --conditions=react-server scripts/bench/import-offences.ts [rows]
import { closeDatabase, openDatabase, type Database } from "@/db/client";
import { addLocalDays, clinicDate } from "@/domain/clinic-time";
import { importOffences } from "@/server/offences";

const ROWS = Number(process.argv[2] ?? 50_000);
const DAYS = 5 * 365;
const OFFENCE_TYPES = ["Shoplifting", "Theft from person", "Burglary (dwelling)", "Common assault", "Criminal damage", "Possession with intent to supply"];

/** Rows that differ in participant, day or type (distinct police keys), deterministic for a given cohort. */
function policeExtract(references: string[], today: string): string {
  const lines = ["reference,offence date,offence type,severity score"];
  for (let i = 0; i < ROWS; i++) {
    const reference = references[i % references.length]!;
    const slot = Math.floor(i / references.length);
    const date = addLocalDays(today, -1 - (slot % DAYS));
    const type = OFFENCE_TYPES[Math.floor(slot / DAYS) % OFFENCE_TYPES.length]!;
    lines.push(`${reference},${date},${type},${(i % 400) + 1}`);
  }
  return lines.join("\r\n") + "\r\n";
}

class RollBack extends Error {}

let database: Database | undefined;
try {
  database = openDatabase();
  const prisma = database.prisma;
  const site = await prisma.site.findFirst({ where: { participants: { some: {} }, users: { some: { role: "ADMIN" } } }, orderBy: { code: "asc" } });
  if (!site) throw new Error("No site with participants and an administrator: run db:migrate and db:seed -- --demo first.");
  const admin = await prisma.user.findFirstOrThrow({ where: { siteId: site.id, role: "ADMIN" } });
  const references = (await prisma.participant.findMany({ where: { siteId: site.id }, select: { reference: true }, orderBy: { reference: "asc" } })).map((p) => p.reference);
  const actor = { userId: admin.id, name: admin.name, role: admin.role, siteId: site.id };
  const today = clinicDate(new Date());
  const csv = policeExtract(references, today);
  const before = await prisma.offence.count();

  const timings: { run: string; rows: number; added: number; skipped: number; seconds: string; "rows/s": number }[] = [];
  await prisma
    .$transaction(
      async (tx) => {
        for (const run of ["first import", "same file again"]) {
          const started = performance.now();
          const report = await importOffences(tx, actor, csv, today);
          const seconds = (performance.now() - started) / 1000;
          if (report.status !== "imported") throw new Error(`The generated file was rejected: ${report.problems[0]?.reason}`);
          timings.push({ run, rows: report.rowsRead, added: report.added, skipped: report.alreadyRecorded + report.duplicatesInFile, seconds: seconds.toFixed(2), "rows/s": Math.round(report.rowsRead / seconds) });
        }
        throw new RollBack();
      },
      { maxWait: 10_000, timeout: 900_000 },
    )
    .catch((error: unknown) => {
      if (!(error instanceof RollBack)) throw error;
    });

  const where = (process.env.DATABASE_URL ?? "pglite:./data/pglite").replace(/\/\/[^@]*@/, "//");
  console.log(`Offence import on ${where}: ${references.length} participants, ${(csv.length / 1024 / 1024).toFixed(1)} MB of CSV`);
  console.table(timings);
  console.log(`Rolled back: ${await prisma.offence.count()} offences held, as before (${before}).`);
} catch (error) {
  console.error(`Bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  if (database) await closeDatabase(database);
}
