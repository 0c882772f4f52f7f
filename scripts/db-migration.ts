// npm run db:migration -- <name> — writes prisma/migrations/<timestamp>_<name>/migration.sql
// from the difference between the existing migrations and schema.prisma.
import fs from "node:fs/promises";
import path from "node:path";
import { diffMigrationsToSchema, isEmptyMigration, MIGRATIONS_DIR } from "@/db/schema-engine";

const name = (process.argv[2] ?? "").toLowerCase().replace(/[^a-z0-9_]+/g, "_").replace(/^_+|_+$/g, "");
if (!name) {
  console.error("Usage: npm run db:migration -- <name>");
  process.exit(2);
}
const sql = await diffMigrationsToSchema();
if (isEmptyMigration(sql)) {
  console.log("schema.prisma and prisma/migrations agree: no migration written.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
await fs.mkdir(dir, { recursive: true });
await fs.writeFile(path.join(dir, "migration.sql"), `${sql}\n`);
await fs.writeFile(path.join(MIGRATIONS_DIR, "migration_lock.toml"), 'provider = "postgresql"\n');
console.log(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
