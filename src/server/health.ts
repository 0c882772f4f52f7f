import "server-only";
import type { PrismaClient } from "@/generated/prisma/client";

export type Health =
  | { status: "ok"; database: "up"; appliedMigrations: number }
  | { status: "error"; database: "down"; error: string };

/** Readiness: the database answers and the migrations are applied. */
export async function checkHealth(prisma: PrismaClient): Promise<Health> {
  try {
    const rows = await prisma.$queryRaw<{ applied: bigint }[]>`
      SELECT count(*) AS applied FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
    return { status: "ok", database: "up", appliedMigrations: Number(rows[0]?.applied ?? 0) };
  } catch (error) {
    console.error("health check failed", error);
    return { status: "error", database: "down", error: "database unreachable or not migrated" };
  }
}
