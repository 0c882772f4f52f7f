// npm run backup [-- <file>] — backs up the database DATABASE_URL names into <file>
// (default ./backups/hat-<engine>-<time>.tar.gz|.dump). PGlite: refused while the app or a
// script has the embedded database open; PostgreSQL: taken while the app runs (pg_dump -Fc).
import { parseArgs } from "node:util";
import { backupDatabase, defaultBackupPath, describeDatabase } from "@/db/backup";
import { environment } from "@/config/env";
import { parseDatabaseUrl } from "@/db/config";

const USAGE = "Usage: npm run backup [-- <file>]";

const { positionals } = parseArgs({ allowPositionals: true, options: {} });
if (positionals.length > 1) {
  console.error(USAGE);
  process.exit(2);
}

try {
  const config = parseDatabaseUrl(environment().DATABASE_URL);
  const dest = positionals[0] ?? defaultBackupPath(config);
  console.log(`Backing up ${describeDatabase(config)}…`);
  const outcome = await backupDatabase(config, dest);
  console.log(`Wrote ${outcome.file} (${(outcome.bytes / 1024 / 1024).toFixed(1)} MB) in ${outcome.seconds.toFixed(1)} s.`);
  console.log("It holds every participant's identity: keep it encrypted and access-controlled, like the database.");
} catch (error) {
  console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
