import { clinicDate, compareSessions, localDaysBetween, type SessionKey } from "./clinic-time";
import { formatLocalDate } from "./format";

/**
 * Downtime: the clinic keeps dosing on paper when the system or the network is down, and the
 * record is made whole afterwards (issue 19). Two rules live here, asked by the catch-up, the
 * back-entry service and the pages alike.
 */

/** How far back a dose given on paper may be entered, by default (setting "Back-entry reach"). */
export const DEFAULT_BACK_ENTRY_REACH_DAYS = 3;

/**
 * A session with people expected and not one step recorded at the site (no check-in, no
 * assessment, no close) is the signature of an outage, not of a quiet day: on a quiet day
 * somebody still comes, or the nurse closes the session. Its catch-up waits (no one is marked
 * missed, no hold is placed) until a prescriber or CD lead confirms the session ran without
 * the system or approves the doses entered from the paper sheet. A session with nobody
 * expected has nothing to miss and closes as usual.
 */
export function awaitsOutageReview(session: { expected: number; stepsRecorded: number }): boolean {
  return session.expected > 0 && session.stepsRecorded === 0;
}

/** The times written on the paper sheet for one dose, in the order they happened. */
export type PaperTimes = { arrivedAt: Date; drawnAt: Date; givenAt: Date; signedOffAt: Date };

/**
 * Whether a dose from the paper sheet may be entered for this session: a session already
 * over (its next one has opened), no further back than the clinic's reach, with the sheet's
 * times in order, on the session's day and not in the future.
 */
export function checkBackEntry(input: {
  session: SessionKey;
  /** The session being worked now: only sessions before it are entered from paper. */
  current: SessionKey;
  now: Date;
  reachDays: number;
  times: PaperTimes;
}): { ok: true } | { ok: false; field: "sessionDate" | keyof PaperTimes; reason: string } {
  const { session, current, now, reachDays, times } = input;
  const today = clinicDate(now);
  if (compareSessions(session, current) >= 0) {
    return { ok: false, field: "sessionDate", reason: `The ${session.slot} session on ${formatLocalDate(session.date)} is not over: record its doses on Today.` };
  }
  if (localDaysBetween(session.date, today) > reachDays) {
    return {
      ok: false,
      field: "sessionDate",
      reason: `Doses given on paper can be entered up to ${reachDays} days back (setting "Back-entry reach"): ${formatLocalDate(session.date)} is too long ago. Tell the CD lead.`,
    };
  }
  const order: [keyof PaperTimes, string][] = [
    ["arrivedAt", "arrived"],
    ["drawnAt", "drawn"],
    ["givenAt", "given"],
    ["signedOffAt", "signed off"],
  ];
  for (const [field, label] of order) {
    if (clinicDate(times[field]) !== session.date) {
      return { ok: false, field, reason: `The time ${label} must be on ${formatLocalDate(session.date)}, the session's day.` };
    }
    if (times[field] > now) return { ok: false, field, reason: `The time ${label} is in the future: enter the time on the paper sheet.` };
  }
  for (let i = 1; i < order.length; i++) {
    const [field, label] = order[i]!;
    const [before, beforeLabel] = order[i - 1]!;
    if (times[field] < times[before]) return { ok: false, field, reason: `The time ${label} is before the time ${beforeLabel}: check the paper sheet.` };
  }
  return { ok: true };
}
