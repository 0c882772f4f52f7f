import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import type { PrismaClient } from "@/generated/prisma/client";
import { log } from "./log";

/**
 * Readiness, as a load balancer or orchestrator asks it: is this instance fit to take
 * requests? Only when the database answers and every migration this build ships has been
 * applied (code running against an older schema fails on the first query that touches the
 * difference). The answer holds states and counts only: no connection details, no error
 * text, nothing about anyone.
 */
export type Health = {
  status: "ok" | "unavailable";
  database: "up" | "down";
  /** applied: all of this build's migrations; pending: some not yet; failed: one started and never finished. */
  migrations: "applied" | "pending" | "failed" | "unknown";
  appliedMigrations?: number;
  expectedMigrations?: number;
};

export const MIGRATIONS_DIR = path.resolve("prisma/migrations");
const TIMEOUT_MS = 3_000;

const expectedCache = new Map<string, Promise<string[]>>();

/** The migrations this build ships (folder names, as Prisma records them); read once per process. */
function expectedMigrations(dir: string): Promise<string[]> {
  let names = expectedCache.get(dir);
  if (!names) {
    names = fs.readdir(dir, { withFileTypes: true }).then((entries) => entries.filter((e) => e.isDirectory()).map((e) => e.name).sort());
    names.catch(() => expectedCache.delete(dir));
    expectedCache.set(dir, names);
  }
  return names;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error("health check timed out"), { code: "HEALTH_TIMEOUT" })), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The database answered, but has no _prisma_migrations table (SQLSTATE 42P01). */
function neverMigrated(error: unknown): boolean {
  // The query reads no other table, so "undefined table" can only mean that one.
  const cause = (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } } | null)?.meta?.driverAdapterError?.cause;
  return cause?.originalCode === "42P01";
}

type MigrationRow = { migration_name: string; finished: boolean; rolled_back: boolean };

export async function checkHealth(
  prisma: PrismaClient | (() => PrismaClient),
  options: { migrationsDir?: string; timeoutMs?: number } = {},
): Promise<Health> {
  let rows: MigrationRow[];
  try {
    const client = typeof prisma === "function" ? prisma() : prisma;
    rows = await withTimeout(
      client.$queryRaw<MigrationRow[]>`
        SELECT migration_name, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back
        FROM _prisma_migrations`,
      options.timeoutMs ?? TIMEOUT_MS,
    );
  } catch (error) {
    if (neverMigrated(error)) {
      log.warn({ event: "health", migrations: "pending" }, "health check: the database has never been migrated");
      return { status: "unavailable", database: "up", migrations: "pending", appliedMigrations: 0 };
    }
    log.warn({ event: "health", err: error }, "health check: database unreachable");
    return { status: "unavailable", database: "down", migrations: "unknown" };
  }

  const applied = new Set(rows.filter((r) => r.finished && !r.rolled_back).map((r) => r.migration_name));
  const failed = rows.some((r) => !r.finished && !r.rolled_back);
  let expected: string[];
  try {
    expected = await expectedMigrations(options.migrationsDir ?? MIGRATIONS_DIR);
  } catch (error) {
    log.error({ event: "health", err: error }, "health check: this build's migrations folder cannot be read");
    return { status: "unavailable", database: "up", migrations: "unknown", appliedMigrations: applied.size };
  }
  const pending = expected.filter((name) => !applied.has(name));
  const migrations = failed ? "failed" : pending.length > 0 ? "pending" : "applied";
  if (migrations !== "applied") {
    log.warn({ event: "health", migrations, pending: pending.length }, "health check: migrations not applied");
  }
  return {
    status: migrations === "applied" ? "ok" : "unavailable",
    database: "up",
    migrations,
    appliedMigrations: applied.size,
    expectedMigrations: expected.length,
  };
}
