import { addLocalDays, sessionWindow, type SessionKey, type SessionWindows } from "./clinic-time";
import { formatClinicDateTime, formatLocalDate, formatTime } from "./format";

/**
 * A supervised dose session (DOMAIN.md, "Supervised dose session"): gated steps, each
 * recorded with time and staff member. These rules only decide; the service records.
 */
export type DoseStage = "WAITING" | "CHECKED_IN" | "ASSESSED" | "DRAWN" | "ADMINISTERED" | "SIGNED_OFF" | "CLOSED";
export type DoseStep = "CHECK_IN" | "ASSESSMENT" | "DRAW" | "ADMINISTER" | "SIGN_OFF" | "WITHHOLD" | "DECLINE";

/** The gated order: each step needs the stage before it. */
const FORWARD: Record<"CHECK_IN" | "ASSESSMENT" | "DRAW" | "ADMINISTER" | "SIGN_OFF", { from: DoseStage; to: DoseStage }> = {
  CHECK_IN: { from: "WAITING", to: "CHECKED_IN" },
  ASSESSMENT: { from: "CHECKED_IN", to: "ASSESSED" },
  DRAW: { from: "ASSESSED", to: "DRAWN" },
  ADMINISTER: { from: "DRAWN", to: "ADMINISTERED" },
  SIGN_OFF: { from: "ADMINISTERED", to: "SIGNED_OFF" },
};

const PROGRESS: readonly DoseStage[] = ["WAITING", "CHECKED_IN", "ASSESSED", "DRAWN", "ADMINISTERED", "SIGNED_OFF"];

/** What the nurse has to do next at each open stage. */
const DO_FIRST: Record<"WAITING" | "CHECKED_IN" | "ASSESSED" | "DRAWN", string> = {
  WAITING: "Check the participant in first.",
  CHECKED_IN: "Record the pre-dose assessment first.",
  ASSESSED: "Draw and witness the dose first.",
  DRAWN: "Record the dose as given first.",
};

const ALREADY_DONE: Record<keyof typeof FORWARD, string> = {
  CHECK_IN: "The participant is already checked in.",
  ASSESSMENT: "The pre-dose assessment is already recorded.",
  DRAW: "The dose is already drawn.",
  ADMINISTER: "The dose is already recorded as given.",
  SIGN_OFF: "This session is already signed off.",
};

/**
 * WITHHOLD is a clinical decision after check-in (a failed assessment, or the dose was drawn
 * and then found unsafe to give). A dose withheld once DRAWN must be destroyed as
 * controlled-drug waste, witnessed, and entered in the CD register (Misuse of Drugs
 * Regulations 2001): it can never go back into stock or to the next session.
 */
const WITHHOLD_FROM: readonly DoseStage[] = ["CHECKED_IN", "ASSESSED", "DRAWN"];
/**
 * DECLINE is the participant's choice before anything is drawn. Once a dose is drawn, a
 * refusal is recorded as a withhold so the drawn dose goes through witnessed destruction.
 */
const DECLINE_FROM: readonly DoseStage[] = ["WAITING", "CHECKED_IN", "ASSESSED"];

export function nextStageFor(step: DoseStep, current: DoseStage): DoseStage | { refused: string } {
  if (current === "CLOSED") return { refused: "This session is already closed." };
  if (current === "SIGNED_OFF") return { refused: "This session is already signed off." };

  if (step === "WITHHOLD") {
    if (WITHHOLD_FROM.includes(current)) return "CLOSED";
    if (current === "WAITING") return { refused: "Check the participant in first." };
    return { refused: "The dose has already been given, so it cannot be withheld. Complete the observation and sign off." };
  }
  if (step === "DECLINE") {
    if (DECLINE_FROM.includes(current)) return "CLOSED";
    if (current === "DRAWN") return { refused: "The dose is already drawn: record it as withheld so the drawn dose is destroyed under witness." };
    return { refused: "The dose has already been given, so it cannot be declined. Complete the observation and sign off." };
  }

  const { from, to } = FORWARD[step];
  if (current === from) return to;
  if (PROGRESS.indexOf(current) > PROGRESS.indexOf(from)) return { refused: ALREADY_DONE[step] };
  // Behind: current is one of the open stages before `from`.
  return { refused: DO_FIRST[current as keyof typeof DO_FIRST] };
}

// ---------------------------------------------------------------------------------------
// Pre-dose assessment

export type AssessmentFindings = {
  /** 0–4, 0 = alert. */
  sedationScore: number;
  /** Breath alcohol, mg/L. */
  breathAlcoholMgPerL: number;
  /** 0–10. */
  withdrawalScore: number;
  /** %, where measured. */
  spo2?: number;
};

export type AssessmentPolicy = {
  /** Highest sedation score at which a dose may be given. */
  maxSedationScore: number;
  /** Breath alcohol at or above which the dose is withheld, mg/L. */
  breathAlcoholWithholdMgPerL: number;
  /** Lowest SpO₂ (%) at which a dose may be given. */
  minSpo2: number;
};

export const DEFAULT_ASSESSMENT_POLICY: AssessmentPolicy = {
  // Sedation is the first sign of opioid toxicity: dose only an alert or just-drowsy participant.
  maxSedationScore: 1,
  // A clinic setting: the published protocols give no single figure (DOMAIN.md).
  breathAlcoholWithholdMgPerL: 0.2,
  minSpo2: 94,
};

function inRange(value: number, min: number, max: number): boolean {
  return Number.isFinite(value) && value >= min && value <= max;
}

/**
 * Reasons not to dose; empty means fit to dose. Withdrawal signs are expected before a dose
 * and are not a reason to withhold, but an impossible reading of any measure is: a mistyped
 * value must be corrected before the dose, never read as fit.
 */
export function assessmentConcerns(findings: AssessmentFindings, policy: AssessmentPolicy): string[] {
  const concerns: string[] = [];
  const { sedationScore, breathAlcoholMgPerL, withdrawalScore, spo2 } = findings;

  if (!Number.isInteger(sedationScore) || !inRange(sedationScore, 0, 4)) {
    concerns.push("Sedation score must be a whole number from 0 to 4.");
  } else if (sedationScore > policy.maxSedationScore) {
    concerns.push(`Sedation score ${sedationScore} is above the maximum of ${policy.maxSedationScore} for dosing.`);
  }

  if (!inRange(breathAlcoholMgPerL, 0, Number.MAX_VALUE)) {
    concerns.push("Breath alcohol must be a reading of 0 mg/L or more.");
  } else if (breathAlcoholMgPerL >= policy.breathAlcoholWithholdMgPerL) {
    concerns.push(
      `Breath alcohol ${breathAlcoholMgPerL} mg/L is at or above the withhold threshold of ${policy.breathAlcoholWithholdMgPerL} mg/L.`,
    );
  }

  if (!Number.isInteger(withdrawalScore) || !inRange(withdrawalScore, 0, 10)) {
    concerns.push("Withdrawal score must be a whole number from 0 to 10.");
  }

  if (spo2 !== undefined) {
    if (!inRange(spo2, 0, 100)) concerns.push("SpO₂ must be a percentage from 0 to 100.");
    else if (spo2 < policy.minSpo2) concerns.push(`SpO₂ ${spo2}% is below the minimum of ${policy.minSpo2}%.`);
  }

  return concerns;
}

// ---------------------------------------------------------------------------------------
// Drawing the dose

/**
 * Never more than prescribed for the session; less only with a reason (a partial dose, e.g.
 * after a concern at assessment). Nothing drawn is not a dose: that is a withhold.
 */
export function checkDrawnDose(input: {
  prescribedMg: number;
  drawnMg: number;
  partialReason?: string;
}): { ok: true; partial: boolean } | { ok: false; reason: string } {
  const { prescribedMg, drawnMg } = input;
  if (!Number.isSafeInteger(prescribedMg) || prescribedMg <= 0) {
    return { ok: false, reason: "There is no valid prescribed dose for this session: ask the prescriber." };
  }
  if (!Number.isFinite(drawnMg) || !Number.isInteger(drawnMg)) {
    return { ok: false, reason: "Enter the drawn dose as a whole number of mg." };
  }
  if (drawnMg <= 0) {
    return { ok: false, reason: "A dose of 0 mg or less is not a dose: record the session as withheld instead." };
  }
  if (drawnMg > prescribedMg) {
    return { ok: false, reason: `${drawnMg} mg is more than the ${prescribedMg} mg prescribed for this session.` };
  }
  if (drawnMg === prescribedMg) return { ok: true, partial: false };
  if (!input.partialReason?.trim()) {
    return { ok: false, reason: `${drawnMg} mg is less than the ${prescribedMg} mg prescribed: give a reason for the partial dose.` };
  }
  return { ok: true, partial: true };
}

// ---------------------------------------------------------------------------------------
// Timing

/** Canadian iOAT guidance: injectable doses at least 3 hours apart. */
export const DEFAULT_MIN_HOURS_BETWEEN_DOSES = 3;

/** Measured in real elapsed time, so a DST change can neither shorten nor stretch the gap. */
export function checkSpacing(
  lastDoseAt: Date | null,
  at: Date,
  minHours: number = DEFAULT_MIN_HOURS_BETWEEN_DOSES,
): { ok: true } | { ok: false; reason: string; earliest: Date } {
  if (lastDoseAt === null) return { ok: true };
  const earliest = new Date(lastDoseAt.getTime() + minHours * 3_600_000);
  if (at.getTime() >= earliest.getTime()) return { ok: true };
  return {
    ok: false,
    reason:
      `Doses must be at least ${minHours} hours apart: the last dose was at ${formatClinicDateTime(lastDoseAt)}. ` +
      `The next dose can be given from ${formatClinicDateTime(earliest)}.`,
    earliest,
  };
}

/**
 * A dose only inside its session's window [opens, closes). After the window closes only with
 * a prescriber's late-dose authorisation, and only until the next session opens: from then
 * on the participant is dosed in the next session, so the late dose cannot stand in for it.
 * Before the window opens, never (at most one dose per session; the previous session's dose
 * may still be within the spacing interval).
 */
export function checkWindow(
  session: SessionKey,
  at: Date,
  windows: SessionWindows,
  options: { lateAuthorised: boolean },
): { ok: true; late: boolean } | { ok: false; reason: string } {
  const { opensAt, closesAt } = sessionWindow(session, windows);
  const label = `The ${session.slot} session on ${formatLocalDate(session.date)}`;
  if (at < opensAt) return { ok: false, reason: `${label} opens at ${formatTime(opensAt)}.` };
  if (at < closesAt) return { ok: true, late: false };

  const next: SessionKey =
    session.slot === "AM" ? { date: session.date, slot: "PM" } : { date: addLocalDays(session.date, 1), slot: "AM" };
  const nextOpensAt = sessionWindow(next, windows).opensAt;
  if (at >= nextOpensAt) {
    return { ok: false, reason: `${label} is over: the ${next.slot} session has opened, so dose in that session.` };
  }
  if (!options.lateAuthorised) {
    return { ok: false, reason: `${label} closed at ${formatTime(closesAt)}: a late dose needs a prescriber's authorisation.` };
  }
  return { ok: true, late: true };
}

/** Default 20 minutes of observation after the dose before the participant may leave. */
export const DEFAULT_OBSERVATION_MINUTES = 20;

/** Real elapsed minutes after the dose, whatever the wall clock does. */
export function observationEndsAt(administeredAt: Date, observationMinutes: number = DEFAULT_OBSERVATION_MINUTES): Date {
  return new Date(administeredAt.getTime() + observationMinutes * 60_000);
}

/**
 * Sign-off once observation is over. Early only with a reason (e.g. the participant left
 * against advice), so the record shows why the observation was cut short.
 */
export function checkSignOff(
  now: Date,
  observationEnds: Date,
  earlyReason?: string,
): { ok: true; early: boolean } | { ok: false; reason: string; minutesLeft: number } {
  const msLeft = observationEnds.getTime() - now.getTime();
  if (msLeft <= 0) return { ok: true, early: false };
  if (earlyReason?.trim()) return { ok: true, early: true };
  const minutesLeft = Math.ceil(msLeft / 60_000);
  return {
    ok: false,
    reason:
      `Observation runs until ${formatTime(observationEnds)} (${minutesLeft} ${minutesLeft === 1 ? "minute" : "minutes"} left): ` +
      "wait, or give a reason for signing off early.",
    minutesLeft,
  };
}
