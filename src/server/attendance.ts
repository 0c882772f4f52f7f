import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/db/client";
import type { AttendanceFigures } from "@/domain/attendance";
import type { LocalDate } from "@/domain/clinic-time";

export type MonthlyAttendance = { month: string } & AttendanceFigures;

/**
 * Session attendance per calendar month ("yyyy-MM" of the clinic's local dates), counted in
 * the database so the board never loads sessions one by one. The same definition as
 * src/domain/attendance.ts: dosed (DOSED or PARTIAL) out of expected; NOT_EXPECTED (break,
 * hospital, custody, nothing prescribed) is in neither figure. Only finished sessions (with
 * an outcome) count. `siteId` null means every site.
 */
export async function attendanceFigures(tx: Tx, filter: { siteId: string | null; from: LocalDate; to: LocalDate }): Promise<MonthlyAttendance[]> {
  const rows = await tx.$queryRaw<{ month: string; expected: number; dosed: number }[]>`
    SELECT to_char("sessionDate", 'YYYY-MM') AS month,
           (count(*) FILTER (WHERE outcome <> 'NOT_EXPECTED'))::int AS expected,
           (count(*) FILTER (WHERE outcome IN ('DOSED', 'PARTIAL')))::int AS dosed
    FROM "DoseSession"
    WHERE "sessionDate" BETWEEN ${filter.from}::date AND ${filter.to}::date
      AND outcome IS NOT NULL
      ${filter.siteId ? Prisma.sql`AND "siteId" = ${filter.siteId}` : Prisma.empty}
    GROUP BY 1
    ORDER BY 1`;
  return rows.map((row) => ({ ...row, rate: row.expected === 0 ? null : row.dosed / row.expected }));
}
