import { compareSessions, nextSession, type SessionKey } from "./clinic-time";
import { formatLocalDate } from "./format";

/**
 * The downtime sheet: the paper fallback for a session the system or the network cannot
 * serve (Misuse of Drugs Regulations 2001: the clinic keeps dosing and keeps its record).
 * It is printed ahead, so it is for the session being worked or the next one: a sheet for a
 * session further off would list doses and holds that may well change before it, and one
 * for a session gone by is no use on the floor.
 */

/** The sessions a sheet may be printed for, given the session being worked. */
export function downtimeSheetSessions(current: SessionKey): [SessionKey, SessionKey] {
  return [current, nextSession(current)];
}

export function checkDowntimeSheetSession(asked: SessionKey, current: SessionKey): { ok: true } | { ok: false; reason: string } {
  if (downtimeSheetSessions(current).some((session) => compareSessions(session, asked) === 0)) return { ok: true };
  const next = nextSession(current);
  return {
    ok: false,
    reason:
      `A downtime sheet is printed for the session being worked (${current.slot}, ${formatLocalDate(current.date)}) ` +
      `or the next one (${next.slot}, ${formatLocalDate(next.date)}), so that what it lists is still in force.`,
  };
}

/**
 * The sheet's groups, each printed on its own pages so the nurse at the hatch sees first who
 * must not be dosed without a prescriber (a hard hold), then who only with a recorded reason
 * (a soft hold), then everyone else.
 */
export type DowntimeGroup = "HARD_HOLD" | "SOFT_HOLD" | "NO_HOLD";

export const DOWNTIME_GROUPS: readonly { group: DowntimeGroup; title: string; instruction: string }[] = [
  { group: "HARD_HOLD", title: "Hard hold", instruction: "No dose until a prescriber has reviewed: record attendance and the prescriber's decision." },
  { group: "SOFT_HOLD", title: "Soft hold", instruction: "Dose only with the reason recorded on this sheet." },
  { group: "NO_HOLD", title: "No hold", instruction: "Dose as prescribed, after the pre-dose assessment." },
];

export function downtimeGroup(holds: readonly { kind: "HARD" | "SOFT" }[]): DowntimeGroup {
  if (holds.some((hold) => hold.kind === "HARD")) return "HARD_HOLD";
  return holds.length > 0 ? "SOFT_HOLD" : "NO_HOLD";
}

/** Rows in the sheet's groups, in the order given within each; groups with nobody are left out. */
export function groupDowntimeRows<T extends { holds: readonly { kind: "HARD" | "SOFT" }[] }>(rows: readonly T[]): { group: DowntimeGroup; title: string; instruction: string; rows: T[] }[] {
  return DOWNTIME_GROUPS.map((g) => ({ ...g, rows: rows.filter((row) => downtimeGroup(row.holds) === g.group) })).filter((g) => g.rows.length > 0);
}
