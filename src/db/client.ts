import { environment } from "@/config/env";
import { PrismaClient, type Prisma } from "@/generated/prisma/client";
import { openAdapter, type AdapterHandle } from "./adapter";
import { parseDatabaseUrl, type DatabaseConfig } from "./config";

export type Db = PrismaClient;
/** What services take: the client inside `db.$transaction(tx => …)`. */
export type Tx = Prisma.TransactionClient;

export type Database = { prisma: PrismaClient; handle: AdapterHandle };

/** The database DATABASE_URL names; the whole environment is checked first (src/config/env.ts), for the app and every script. */
export function openDatabase(config: DatabaseConfig = parseDatabaseUrl(environment().DATABASE_URL)): Database {
  const handle = openAdapter(config);
  const prisma = new PrismaClient({ adapter: handle.factory });
  return { prisma, handle };
}

export async function closeDatabase(database: Database): Promise<void> {
  await database.prisma.$disconnect();
  await database.handle.close();
}

// One client per process, kept on globalThis so Next's dev reloads do not open a second
// PGlite on the same data directory.
const globalForDb = globalThis as unknown as { hatDatabase?: Database };

export function db(): PrismaClient {
  globalForDb.hatDatabase ??= openDatabase();
  return globalForDb.hatDatabase.prisma;
}
