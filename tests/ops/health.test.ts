import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/actions";
import { openAdapter } from "@/db/adapter";
import { PrismaClient } from "@/generated/prisma/client";
import { checkHealth, MIGRATIONS_DIR } from "@/server/health";
import { readdirSync } from "node:fs";
import { GET } from "@app/api/health/route";
import { freshDatabase, type TestDatabase } from "../support/database";

/** /api/health is readiness: the database answers and every migration this build ships is applied. */

let db: TestDatabase;
const shipped = readdirSync(MIGRATIONS_DIR, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
const ALLOWED_KEYS = ["status", "database", "migrations", "appliedMigrations", "expectedMigrations", "serverTime"];

beforeAll(async () => {
  db = await freshDatabase();
  useTestDatabase(db);
});
afterAll(() => db?.close());

async function get() {
  const asked = Date.now();
  const response = await GET();
  const answered = Date.now();
  const { serverTime, ...body } = (await response.json()) as Record<string, unknown>;
  // States and counts only: nothing about the connection, the error or anyone in the data.
  expect(Object.keys(body).every((key) => ALLOWED_KEYS.includes(key))).toBe(true);
  expect(response.headers.get("cache-control")).toBe("no-store");
  // The server's clock, in UTC, on every answer: monitoring compares it with its own to catch a drifting host.
  expect(serverTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  expect(Date.parse(serverTime as string)).toBeGreaterThanOrEqual(asked);
  expect(Date.parse(serverTime as string)).toBeLessThanOrEqual(answered);
  return { status: response.status, body };
}

describe("/api/health", () => {
  it("answers 200 when the database is up and every migration is applied", async () => {
    expect(await get()).toEqual({
      status: 200,
      body: { status: "ok", database: "up", migrations: "applied", appliedMigrations: shipped.length, expectedMigrations: shipped.length },
    });
  });

  it("answers 503 while a migration of this build is not yet applied", async () => {
    const last = shipped.at(-1)!;
    const [row] = (await db.sql(`SELECT * FROM _prisma_migrations WHERE migration_name = $1`, [last])).rows;
    await db.sql(`DELETE FROM _prisma_migrations WHERE migration_name = $1`, [last]);
    try {
      expect(await get()).toEqual({
        status: 503,
        body: { status: "unavailable", database: "up", migrations: "pending", appliedMigrations: shipped.length - 1, expectedMigrations: shipped.length },
      });
    } finally {
      const columns = Object.keys(row!);
      await db.sql(
        `INSERT INTO _prisma_migrations (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")})`,
        Object.values(row!),
      );
    }
    expect((await get()).status).toBe(200);
  });

  it("answers 503 while a migration has started and not finished (or failed half-way)", async () => {
    await db.sql(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) VALUES ('ops-test', 'x', '29990101000000_in_progress', now(), 0)`,
    );
    try {
      expect(await get()).toMatchObject({ status: 503, body: { status: "unavailable", database: "up", migrations: "failed" } });
    } finally {
      await db.sql(`DELETE FROM _prisma_migrations WHERE id = 'ops-test'`);
    }
  });

  it("answers 503 for a database that has never been migrated", async () => {
    const handle = openAdapter({ kind: "pglite-memory" });
    const empty = new PrismaClient({ adapter: handle.factory });
    try {
      // A first query on a new PGlite waits for it to start: more than the probe allows on a busy machine.
      expect(await checkHealth(empty, { timeoutMs: 60_000 })).toEqual({ status: "unavailable", database: "up", migrations: "pending", appliedMigrations: 0 });
    } finally {
      await empty.$disconnect();
      await handle.close();
    }
  });

  it("answers 503 when the database cannot be opened or does not answer in time", async () => {
    const cannotOpen = () => {
      throw new Error("The embedded database at /srv/hat/data is in use by process 4242.");
    };
    expect(await checkHealth(cannotOpen)).toEqual({ status: "unavailable", database: "down", migrations: "unknown" });
    const silent = { $queryRaw: () => new Promise(() => {}) } as unknown as PrismaClient;
    expect(await checkHealth(silent, { timeoutMs: 50 })).toEqual({ status: "unavailable", database: "down", migrations: "unknown" });
  });

  it("answers 503 when this build's migrations cannot be found", async () => {
    expect(await checkHealth(db.prisma, { migrationsDir: "/nonexistent/prisma/migrations" })).toMatchObject({
      status: "unavailable",
      database: "up",
      migrations: "unknown",
    });
  });
});
