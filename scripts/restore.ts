// npm run restore -- <file> [--yes] [--force] — replaces the data of the database
// DATABASE_URL names with a backup made by `npm run backup`. Asks first when run at a
// terminal (--yes skips the question). PGlite: refused while the app or a script has the
// embedded database open; the replaced data directory is kept beside it. PostgreSQL:
// refused while other connections are open (--force overrides); all or nothing.
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { describeDatabase, restoreDatabase } from "@/db/backup";
import { environment } from "@/config/env";
import { parseDatabaseUrl } from "@/db/config";

const USAGE = "Usage: npm run restore -- <file> [--yes] [--force]";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { yes: { type: "boolean", default: false }, force: { type: "boolean", default: false } },
});
const [file] = positionals;
if (!file || positionals.length > 1) {
  console.error(USAGE);
  process.exit(2);
}

async function confirmed(question: string): Promise<boolean> {
  if (values.yes || !process.stdin.isTTY) return true;
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await prompt.question(`${question} Type "restore" to go on: `)).trim() === "restore";
  } finally {
    prompt.close();
  }
}

try {
  const config = parseDatabaseUrl(environment().DATABASE_URL);
  const target = describeDatabase(config);
  if (!(await confirmed(`This replaces everything in ${target} with ${file}.`))) {
    console.log("Nothing restored.");
  } else {
    console.log(`Restoring ${file} into ${target}…`);
    const outcome = await restoreDatabase(config, file, { force: values.force });
    console.log(`Restored in ${outcome.seconds.toFixed(1)} s.`);
    if (outcome.replacedDataDir) console.log(`The data it replaced is in ${outcome.replacedDataDir}: delete it once you are satisfied.`);
    if (outcome.pendingMigrations > 0) {
      console.log(`The backup predates ${outcome.pendingMigrations} migration(s) of this version: run \`npm run db:migrate\` before starting the app.`);
    }
  }
} catch (error) {
  console.error(`Restore failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
