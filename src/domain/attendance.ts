import type { SessionRecord } from "./missed-doses";

/**
 * Session attendance as the board reports it (Middlesbrough year one: 98%): dosed sessions
 * out of expected ones. Sessions on a break, in hospital or in custody are not expected, so
 * they are left out of both figures. Withheld and declined sessions are expected but not
 * dosed.
 */
export type AttendanceFigures = { expected: number; dosed: number; rate: number | null };

export function attendance(records: SessionRecord[]): AttendanceFigures {
  let expected = 0;
  let dosed = 0;
  for (const { outcome } of records) {
    if (outcome === "NOT_EXPECTED") continue;
    expected += 1;
    if (outcome === "DOSED" || outcome === "PARTIAL") dosed += 1;
  }
  return { expected, dosed, rate: expected === 0 ? null : dosed / expected };
}

/** Per calendar month ("yyyy-MM", the clinic's local dates), oldest first. */
export function attendanceByMonth(records: SessionRecord[]): ({ month: string } & AttendanceFigures)[] {
  const byMonth = new Map<string, SessionRecord[]>();
  for (const record of records) {
    const month = record.date.slice(0, 7);
    const list = byMonth.get(month) ?? [];
    list.push(record);
    byMonth.set(month, list);
  }
  return [...byMonth.keys()].sort().map((month) => ({ month, ...attendance(byMonth.get(month) ?? []) }));
}
