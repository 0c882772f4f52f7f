// npm run import -- offences <file.csv> [--as <administrator's email>]
// npm run import -- urine <file.csv> [--as <administrator's email>]
//
// Imports a police extract of offences, or a laboratory's urine results, into the site of
// the named administrator (without --as: the only site, if it has one administrator). The
// same checks as the upload page: every row first, all or nothing, a report of each bad
// row by line, and rows already held skipped. Exits 1 when the file was rejected.
// Server modules are marked "server-only"; the npm script runs tsx with --conditions=react-server.
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import type { Actor } from "@/auth/actor";
import { closeDatabase, openDatabase, type Database, type Db } from "@/db/client";
import { importCsv } from "@/server/imports";
import { IMPORT_KINDS, type ImportKind } from "@/server/imports.input";

const USAGE = "Usage: npm run import -- offences|urine <file.csv> [--as <administrator's email>]";

/** The administrator the import is recorded against in the audit trail; their site receives it. */
async function importingAdmin(prisma: Db, email: string | undefined): Promise<Actor> {
  const admins = await prisma.user.findMany({
    where: { role: "ADMIN", disabledAt: null, ...(email ? { email: email.toLowerCase() } : {}) },
    select: { id: true, name: true, role: true, siteId: true, email: true },
  });
  if (email) {
    const admin = admins[0];
    if (!admin) throw new Error(`No enabled administrator with the email ${email}.`);
    return { userId: admin.id, name: admin.name, role: admin.role, siteId: admin.siteId };
  }
  const sites = await prisma.site.count();
  if (sites !== 1) throw new Error(`There are ${sites} sites: name the administrator to import as, with --as <email>.`);
  if (admins.length !== 1) throw new Error(`The site has ${admins.length} administrators: name one with --as <email>.`);
  const [admin] = admins;
  return { userId: admin!.id, name: admin!.name, role: admin!.role, siteId: admin!.siteId };
}

const { positionals, values } = parseArgs({ allowPositionals: true, options: { as: { type: "string" } } });
const [kind, file] = positionals;
if (!file || !(IMPORT_KINDS as readonly string[]).includes(kind ?? "")) {
  console.error(USAGE);
  process.exit(2);
}

let database: Database | undefined;
try {
  const csvText = await readFile(file, "utf8");
  database = openDatabase();
  const prisma = database.prisma;
  const actor = await importingAdmin(prisma, values.as);
  const site = await prisma.site.findUniqueOrThrow({ where: { id: actor.siteId }, select: { code: true } });
  const started = performance.now();
  const report = await prisma.$transaction((tx) => importCsv(tx, actor, { kind: kind as ImportKind, csvText }), { maxWait: 10_000, timeout: 600_000 });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (report.status === "imported") {
    console.log(`Imported ${file} into site ${site.code} as ${actor.name} in ${seconds} s:`);
    console.table({
      "rows read": report.rowsRead,
      added: report.added,
      ...(report.kind === "urine" ? { "new screens": report.screensCreated, "not tested for street heroin": report.screensNotTestedForStreetHeroin } : {}),
      "already held (skipped)": report.alreadyRecorded,
      "repeated in the file (skipped)": report.duplicatesInFile,
    });
  } else {
    console.error(`Nothing was imported: ${report.problemCount} of ${report.rowsRead} rows need correcting.`);
    for (const problem of report.problems) console.error(`  line ${problem.line}: ${problem.reason}`);
    if (report.problemCount > report.problems.length) console.error(`  … and ${report.problemCount - report.problems.length} more.`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(`Import failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  if (database) await closeDatabase(database);
}
