import fs from "node:fs/promises";
import path from "node:path";
import { createRequire } from "node:module";
import { PGlite } from "@electric-sql/pglite";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm";
import { PrismaPGlite } from "pglite-prisma-adapter";

/**
 * Prisma's schema engine compiled to WebAssembly, driven over a driver adapter. It does
 * what `prisma migrate deploy` and `prisma migrate diff` do without the native binary,
 * which cannot be downloaded on machines that only reach the npm registry.
 */
export const SCHEMA_PATH = path.resolve("prisma/schema.prisma");
export const MIGRATIONS_DIR = path.resolve("prisma/migrations");
const NO_FILTERS = { externalTables: [], externalEnums: [] };

const require = createRequire(import.meta.url);

async function loadEngineModule(): Promise<typeof import("@prisma/schema-engine-wasm/schema_engine_bg")> {
  const bg = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  const wasmPath = path.join(path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")), "schema_engine_bg.wasm");
  const { instance } = await WebAssembly.instantiate(await fs.readFile(wasmPath), {
    "./schema_engine_bg.js": bg as unknown as WebAssembly.ModuleImports,
  });
  const exports = instance.exports as unknown as { __wbindgen_start: () => void };
  bg.__wbg_set_wasm(exports);
  exports.__wbindgen_start();
  return bg;
}

let engineModule: ReturnType<typeof loadEngineModule> | undefined;

async function startEngine(factory: SqlMigrationAwareDriverAdapterFactory): Promise<SchemaEngine> {
  engineModule ??= loadEngineModule();
  const { SchemaEngine } = await engineModule;
  const schema = await fs.readFile(SCHEMA_PATH, "utf8");
  const log = (line: string) => {
    if (process.env.DEBUG_SCHEMA_ENGINE) console.error(line);
  };
  return SchemaEngine.new({ datamodels: [[SCHEMA_PATH, schema]] }, log, bindMigrationAwareSqlAdapterFactory(factory));
}

/** Reads prisma/migrations in the shape the engine (and `prisma migrate`) expects. */
export async function readMigrations(dir = MIGRATIONS_DIR): Promise<MigrationList> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const lockPath = path.join(dir, "migration_lock.toml");
  return {
    baseDir: dir,
    lockfile: { path: "migration_lock.toml", content: await fs.readFile(lockPath, "utf8").catch(() => null) },
    shadowDbInitScript: "",
    migrationDirectories: await Promise.all(
      names.map(async (name) => ({
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: await fs
            .readFile(path.join(dir, name, "migration.sql"), "utf8")
            .then((value) => ({ tag: "ok" as const, value }))
            .catch((error: Error) => ({ tag: "error" as const, value: error.message })),
        },
      })),
    ),
  };
}

/** Applies every migration not yet recorded in `_prisma_migrations`; returns the names applied. */
export async function applyMigrations(factory: SqlMigrationAwareDriverAdapterFactory): Promise<string[]> {
  const engine = await startEngine(factory);
  try {
    const result = await engine.applyMigrations({ migrationsList: await readMigrations(), filters: NO_FILTERS });
    return result.appliedMigrationNames;
  } finally {
    engine.free();
  }
}

/**
 * SQL that takes a database built from prisma/migrations to what schema.prisma describes.
 * Empty when they agree. Uses a throwaway in-memory PGlite as the shadow database.
 */
export async function diffMigrationsToSchema(): Promise<string> {
  const shadow = new PGlite();
  const factory = new PrismaPGlite(shadow) as unknown as SqlMigrationAwareDriverAdapterFactory;
  const engine = await startEngine(factory);
  try {
    const schema = await fs.readFile(SCHEMA_PATH, "utf8");
    const result = await engine.diff({
      from: { tag: "migrations", ...(await readMigrations()) },
      to: { tag: "schemaDatamodel", files: [{ path: SCHEMA_PATH, content: schema }] },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    return (result.stdout ?? "").trim();
  } finally {
    engine.free();
    await shadow.close();
  }
}

/** True when a diff script has no statements (the engine prints a comment for an empty migration). */
export function isEmptyMigration(sql: string): boolean {
  return sql
    .split("\n")
    .map((line) => line.trim())
    .every((line) => line === "" || line.startsWith("--"));
}
