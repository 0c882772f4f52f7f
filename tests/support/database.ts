import { randomBytes } from "node:crypto";
import pg from "pg";
import { PrismaClient } from "@/generated/prisma/client";
import { openAdapter, type AdapterHandle } from "@/db/adapter";
import { setUpRoles } from "@/db/roles";
import { applyMigrations } from "@/db/schema-engine";

export type TestDatabase = {
  prisma: PrismaClient;
  kind: "pglite" | "postgres";
  /** Raw SQL outside Prisma, for asserting what the database itself refuses. */
  sql: (text: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;
  /** Raw SQL as the app's role, on PostgreSQL (PGlite has one role): what the app itself may do. */
  appSql?: (text: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;
  close: () => Promise<void>;
};

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new
 * database on the PostgreSQL server named by TEST_DATABASE_URL (dropped afterwards).
 */
export async function freshDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  return serverUrl ? freshPostgres(serverUrl) : freshPglite();
}

async function freshPglite(): Promise<TestDatabase> {
  const handle = openAdapter({ kind: "pglite-memory" });
  await applyMigrations(handle.factory);
  const prisma = new PrismaClient({ adapter: handle.factory });
  const pglite = handle.pglite!;
  return {
    prisma,
    kind: "pglite",
    sql: async (text, params) => ({ rows: (await pglite.query<Record<string, unknown>>(text, params)).rows }),
    close: async () => {
      await prisma.$disconnect();
      await handle.close();
    },
  };
}

/**
 * The deployment's two roles (src/db/roles.ts), shared by every test database on the server:
 * the owner runs the migrations and `sql` (set-ups, and asserting what the triggers refuse
 * even the owner); Prisma, as the app does, connects as the app role with row access only.
 */
export const TEST_ROLES = { owner: "hat_test_owner", app: "hat_test_app" } as const;

/** The server URL with another role's name and password (the test roles' password is their name). */
export function urlAs(serverUrl: string, database: string, role: string | null): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  if (role) {
    url.username = role;
    url.password = role;
  }
  return url.toString();
}

function expectTermination(error: Error & { code?: string }): void {
  if (error.code !== "57P01") throw error;
}

async function freshPostgres(serverUrl: string): Promise<TestDatabase> {
  const name = `hat_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  // As the README deploys: roles, migrations as the owner, roles again (the migration history's grants).
  const setUp = new pg.Client({ connectionString: urlAs(serverUrl, name, null) });
  await setUp.connect();
  await setUpRoles(setUp, TEST_ROLES, { owner: TEST_ROLES.owner, app: TEST_ROLES.app });
  const migrator = openAdapter({ kind: "postgres", url: urlAs(serverUrl, name, TEST_ROLES.owner) });
  await applyMigrations(migrator.factory);
  await migrator.close();
  await setUpRoles(setUp, TEST_ROLES);
  await setUp.end();
  const handle: AdapterHandle = openAdapter({ kind: "postgres", url: urlAs(serverUrl, name, TEST_ROLES.app) });
  const prisma = new PrismaClient({ adapter: handle.factory });
  const pool = new pg.Pool({ connectionString: urlAs(serverUrl, name, TEST_ROLES.owner), max: 2 });
  const appPool = new pg.Pool({ connectionString: urlAs(serverUrl, name, TEST_ROLES.app), max: 1 });
  // `pool.end()` can resolve while a client's goodbye is still in flight; DROP DATABASE ... FORCE
  // then terminates it, and a pool with no listener turns that into an unhandled error (a
  // clean-clone run hit it once). Only that termination is expected.
  for (const each of [pool, appPool]) each.on("error", expectTermination);
  return {
    prisma,
    kind: "postgres",
    sql: async (text, params) => ({ rows: (await pool.query(text, params)).rows }),
    appSql: async (text, params) => ({ rows: (await appPool.query(text, params)).rows }),
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
      await appPool.end();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
