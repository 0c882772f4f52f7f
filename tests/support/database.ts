import { randomBytes } from "node:crypto";
import pg from "pg";
import { PrismaClient } from "@/generated/prisma/client";
import { openAdapter, type AdapterHandle } from "@/db/adapter";
import { applyMigrations } from "@/db/schema-engine";

export type TestDatabase = {
  prisma: PrismaClient;
  kind: "pglite" | "postgres";
  /** Raw SQL outside Prisma, for asserting what the database itself refuses. */
  sql: (text: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;
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

async function freshPostgres(serverUrl: string): Promise<TestDatabase> {
  const name = `hat_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle: AdapterHandle = openAdapter({ kind: "postgres", url: url.toString() });
  await applyMigrations(handle.factory);
  const prisma = new PrismaClient({ adapter: handle.factory });
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  return {
    prisma,
    kind: "postgres",
    sql: async (text, params) => ({ rows: (await pool.query(text, params)).rows }),
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
