import { addLocalDays, compareSessions, type LocalDate, type SessionKey, type SessionSlot } from "./clinic-time";

/**
 * The missed-dose safety engine (DOMAIN.md, "Missed doses"). Tolerance to opioids falls within
 * days without them; a usual dose given to someone who has lost tolerance can kill. So after
 * a run of days without a dose the next dose waits for a prescriber's review (modelled on UK
 * pharmacy specifications and the Australian national guideline).
 */
export type SessionOutcome = "DOSED" | "PARTIAL" | "WITHHELD" | "DECLINED" | "MISSED" | "NOT_EXPECTED";
export type SessionRecord = { date: LocalDate; slot: SessionSlot; outcome: SessionOutcome };

export type MissedDosePolicy = {
  /** Consecutive calendar days without a dose that put a hard hold on the next dose. */
  consecutiveDaysWithoutDoseForHardHold: number;
  /** During induction/titration, any missed session needs a prescriber's review. */
  holdOnAnyMissDuringInduction: boolean;
};

export const DEFAULT_MISSED_DOSE_POLICY: MissedDosePolicy = {
  consecutiveDaysWithoutDoseForHardHold: 3,
  holdOnAnyMissDuringInduction: true,
};

/** A partial dose is still opioid received: it keeps tolerance up. */
function isDose(outcome: SessionOutcome): boolean {
  return outcome === "DOSED" || outcome === "PARTIAL";
}

/**
 * Consecutive calendar days, counting back from `upTo`'s date, with no DOSED or PARTIAL
 * session. Only sessions up to and including `upTo` are looked at (later ones are not
 * finished). For each day:
 * - any dose ends the run;
 * - every session NOT_EXPECTED (approved break, hospital, custody) skips the day: it neither
 *   counts nor breaks the run (DOMAIN.md: those are not missed doses);
 * - otherwise the day counts. WITHHELD and DECLINED count like MISSED: the person received no
 *   opioid, and tolerance falls the same whatever the reason. A day between the first and
 *   last record with no record at all also counts: the absence of a recorded dose is never
 *   read as a dose.
 * Counting stops at the first recorded day (nothing before the participant started).
 */
export function daysWithoutDose(records: SessionRecord[], upTo: SessionKey): number {
  const byDate = new Map<LocalDate, SessionOutcome[]>();
  let earliest: LocalDate | null = null;
  for (const record of records) {
    if (compareSessions(record, upTo) > 0) continue;
    const outcomes = byDate.get(record.date) ?? [];
    outcomes.push(record.outcome);
    byDate.set(record.date, outcomes);
    if (earliest === null || record.date < earliest) earliest = record.date;
  }
  if (earliest === null) return 0;

  let days = 0;
  for (let date = upTo.date; date >= earliest; date = addLocalDays(date, -1)) {
    const outcomes = byDate.get(date) ?? [];
    if (outcomes.some(isDose)) break;
    if (outcomes.length > 0 && outcomes.every((o) => o === "NOT_EXPECTED")) continue;
    days += 1;
  }
  return days;
}

export type MissedDoseHold = { kind: "HARD"; source: "MISSED_DOSES" | "INDUCTION_MISS"; reason: string };

/**
 * Decides, as a session is closed, whether the next dose must wait for a prescriber.
 *
 * During induction only a MISSED closing session (did not attend) triggers the induction
 * hold: DOMAIN.md names "any missed session", and missed is a defined outcome distinct from
 * withheld (a nurse's face-to-face decision, already recorded with its reason) and declined
 * (the participant attended and chose). Withheld and declined sessions still count towards
 * the days-without-a-dose rule below, which applies in induction as well.
 */
export function missedDoseHold(input: {
  records: SessionRecord[];
  closing: SessionKey;
  inInduction: boolean;
  policy: MissedDosePolicy;
}): null | MissedDoseHold {
  const { records, closing, inInduction, policy } = input;

  if (inInduction && policy.holdOnAnyMissDuringInduction) {
    const closingOutcomes = records.filter((r) => compareSessions(r, closing) === 0).map((r) => r.outcome);
    if (closingOutcomes.includes("MISSED") && !closingOutcomes.some(isDose)) {
      return {
        kind: "HARD",
        source: "INDUCTION_MISS",
        reason: "Missed a session during induction or titration: prescriber review before the next dose.",
      };
    }
  }

  // A threshold below one day would be meaningless; read it as the strictest sensible rule.
  const threshold = Math.max(1, policy.consecutiveDaysWithoutDoseForHardHold);
  const days = daysWithoutDose(records, closing);
  if (days >= threshold) {
    return {
      kind: "HARD",
      source: "MISSED_DOSES",
      reason: `No dose for ${days} consecutive days: prescriber review before the next dose.`,
    };
  }
  return null;
}
