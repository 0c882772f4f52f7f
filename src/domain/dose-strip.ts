import { addLocalDays, compareSessions, SESSION_SLOTS, type LocalDate, type SessionKey, type SessionSlot } from "./clinic-time";
import { formatMg } from "./format";
import type { SessionOutcome } from "./missed-doses";

/**
 * The last days of a person's doses at a glance, one cell a session (AM and PM each day):
 * what the profile and the prescriber's page open with. Each cell says in words what
 * happened, so nothing rests on colour alone.
 */

/** Days the strip shows, today included. */
export const DOSE_STRIP_DAYS = 14;

export type DoseStripCellKind =
  | "GIVEN"
  | "PARTIAL"
  | "WITHHELD"
  | "DECLINED"
  | "MISSED"
  | "NOT_EXPECTED"
  /** Checked in; not yet dosed, withheld or declined. */
  | "IN_PROGRESS"
  /** The session has opened, and nothing is recorded for this person yet (it closes later, or the catch-up closes it). */
  | "NOT_RECORDED"
  /** The session has not opened yet. */
  | "NOT_YET_DUE"
  /** Before enrolment, after an exit, or between episodes. */
  | "NOT_IN_TREATMENT";

/** One dose session as recorded: the header's outcome (null while in progress) and the milligrams given. */
export type StripSession = { date: LocalDate; slot: SessionSlot; outcome: SessionOutcome | null; givenMg: number | null };

/** An episode of treatment: enrolled on `from`; exited on `until` (no session is expected from that day), or still open. */
export type TreatmentSpan = { from: LocalDate; until: LocalDate | null };

export type DoseStripCell = { date: LocalDate; slot: SessionSlot; kind: DoseStripCellKind; givenMg: number | null; label: string };
export type DoseStripDay = { date: LocalDate; cells: Record<SessionSlot, DoseStripCell> };

/** The words for each kind of cell, beside a symbol on screen. */
export const DOSE_STRIP_LABEL: Record<DoseStripCellKind, string> = {
  GIVEN: "Given",
  PARTIAL: "Partial",
  WITHHELD: "Withheld",
  DECLINED: "Declined",
  MISSED: "Missed",
  NOT_EXPECTED: "Not expected",
  IN_PROGRESS: "In progress",
  NOT_RECORDED: "Not recorded yet",
  NOT_YET_DUE: "Not yet due",
  NOT_IN_TREATMENT: "Not in treatment",
};

const FROM_OUTCOME: Record<SessionOutcome, DoseStripCellKind> = {
  DOSED: "GIVEN",
  PARTIAL: "PARTIAL",
  WITHHELD: "WITHHELD",
  DECLINED: "DECLINED",
  MISSED: "MISSED",
  NOT_EXPECTED: "NOT_EXPECTED",
};

function inTreatment(date: LocalDate, spans: readonly TreatmentSpan[]): boolean {
  return spans.some((s) => s.from <= date && (s.until === null || date < s.until));
}

function cellFor(session: SessionKey, recorded: StripSession | undefined, latestOpened: SessionKey, spans: readonly TreatmentSpan[]): DoseStripCell {
  let kind: DoseStripCellKind;
  if (recorded) kind = recorded.outcome ? FROM_OUTCOME[recorded.outcome] : "IN_PROGRESS";
  else if (!inTreatment(session.date, spans)) kind = "NOT_IN_TREATMENT";
  else if (compareSessions(session, latestOpened) > 0) kind = "NOT_YET_DUE";
  else kind = "NOT_RECORDED";
  const givenMg = kind === "GIVEN" || kind === "PARTIAL" ? (recorded?.givenMg ?? null) : null;
  const label = givenMg === null ? DOSE_STRIP_LABEL[kind] : `${DOSE_STRIP_LABEL[kind]}: ${formatMg(givenMg)}`;
  return { ...session, kind, givenMg, label };
}

/**
 * The strip for the `days` days ending on `today`, oldest first. A recorded session shows its
 * outcome; without one, a session outside every episode is "not in treatment", one not yet
 * opened (after `latestOpened`, the latest session whose window has opened) "not yet due",
 * and one opened but with nothing recorded "not recorded yet" (closing records the missed).
 */
export function doseStrip(input: {
  sessions: readonly StripSession[];
  spans: readonly TreatmentSpan[];
  today: LocalDate;
  latestOpened: SessionKey;
  days?: number;
}): DoseStripDay[] {
  const days = input.days ?? DOSE_STRIP_DAYS;
  const recorded = new Map(input.sessions.map((s) => [`${s.date}-${s.slot}`, s]));
  return Array.from({ length: days }, (_, i) => {
    const date = addLocalDays(input.today, i - days + 1);
    const cells = Object.fromEntries(
      SESSION_SLOTS.map((slot) => [slot, cellFor({ date, slot }, recorded.get(`${date}-${slot}`), input.latestOpened, input.spans)]),
    ) as Record<SessionSlot, DoseStripCell>;
    return { date, cells };
  });
}

/** How many cells of each kind: the strip's summary line ("Given 24, partial 1, missed 3"). */
export function doseStripCounts(strip: readonly DoseStripDay[]): Partial<Record<DoseStripCellKind, number>> {
  const counts: Partial<Record<DoseStripCellKind, number>> = {};
  for (const day of strip) for (const slot of SESSION_SLOTS) counts[day.cells[slot].kind] = (counts[day.cells[slot].kind] ?? 0) + 1;
  return counts;
}
