// npm run db:migrate — applies prisma/migrations to the database DATABASE_URL names.
import { openAdapter } from "@/db/adapter";
import { environment } from "@/config/env";
import { parseDatabaseUrl } from "@/db/config";
import { applyMigrations } from "@/db/schema-engine";

const config = parseDatabaseUrl(environment().DATABASE_URL);
const handle = openAdapter(config);
try {
  const applied = await applyMigrations(handle.factory);
  const where = config.kind === "postgres" ? "PostgreSQL" : config.kind === "pglite" ? config.dataDir : "memory";
  console.log(applied.length ? `Applied ${applied.length} migration(s) to ${where}: ${applied.join(", ")}` : `Database at ${where} is up to date.`);
} finally {
  await handle.close();
}
