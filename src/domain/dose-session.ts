import { compareSessions, localDaysBetween, nextSession, sessionWindow, type LocalDate, type SessionKey, type SessionWindows } from "./clinic-time";
import { formatClinicDateTime, formatLocalDate, formatTime } from "./format";

/**
 * A supervised dose session (DOMAIN.md, "Supervised dose session"): gated steps, each
 * recorded with time and staff member. This is the one description of the lifecycle: the
 * service, the Today board and the step forms all ask it what may happen next. These rules
 * only decide; the service records.
 */
export type DoseStage = "WAITING" | "CHECKED_IN" | "ASSESSED" | "DRAWN" | "ADMINISTERED" | "SIGNED_OFF" | "CLOSED";
export type DoseStep = "CHECK_IN" | "ASSESSMENT" | "AUTHORISE_LATE" | "DRAW" | "ADMINISTER" | "SIGN_OFF" | "WITHHOLD" | "DECLINE";
/** The staff roles that work the clinic floor. */
export type DosingRole = "NURSE" | "PRESCRIBER";

type Transition = {
  /** Stages the step may be taken from. */
  from: readonly DoseStage[];
  /** The stage it leads to; null when the step is recorded without moving the stage. */
  to: DoseStage | null;
  /** Who may take it. */
  by: readonly DosingRole[];
  /** What the step needs, in the clinic's words (shown in the README's hazard table and tests). */
  requires: string;
};

const FLOOR: readonly DosingRole[] = ["NURSE", "PRESCRIBER"];

/** The dose session's lifecycle as data. */
export const DOSE_LIFECYCLE: Record<DoseStep, Transition> = {
  CHECK_IN: { from: ["WAITING"], to: "CHECKED_IN", by: FLOOR, requires: "identity checked; the session being worked; check-in open (a set time before the window)" },
  ASSESSMENT: { from: ["CHECKED_IN", "ASSESSED"], to: "ASSESSED", by: FLOOR, requires: "the findings; a re-assessment is a new event and the latest counts" },
  AUTHORISE_LATE: { from: ["CHECKED_IN", "ASSESSED"], to: null, by: ["PRESCRIBER"], requires: "the window closed, the late-dose time not over; a reason" },
  DRAW: {
    from: ["ASSESSED"],
    to: "DRAWN",
    by: FLOOR,
    requires: "a fresh assessment with no concern; no hard hold; the prescription in force; spacing; the window or a late authorisation; a witness; a batch in date",
  },
  ADMINISTER: { from: ["DRAWN"], to: "ADMINISTERED", by: FLOOR, requires: "nothing changed since the draw (hold, reduced prescription) unless a prescriber overrides" },
  SIGN_OFF: { from: ["ADMINISTERED"], to: "SIGNED_OFF", by: FLOOR, requires: "observation over, or a reason" },
  WITHHOLD: { from: ["CHECKED_IN", "ASSESSED", "DRAWN"], to: "CLOSED", by: FLOOR, requires: "a reason; a drawn dose becomes a pending destruction" },
  DECLINE: { from: ["WAITING", "CHECKED_IN", "ASSESSED"], to: "CLOSED", by: FLOOR, requires: "before anything is drawn" },
};

const PROGRESS: readonly DoseStage[] = ["WAITING", "CHECKED_IN", "ASSESSED", "DRAWN", "ADMINISTERED", "SIGNED_OFF"];

/** What the nurse has to do next at each open stage. */
const DO_FIRST: Record<"WAITING" | "CHECKED_IN" | "ASSESSED" | "DRAWN", string> = {
  WAITING: "Check the participant in first.",
  CHECKED_IN: "Record the pre-dose assessment first.",
  ASSESSED: "Draw and witness the dose first.",
  DRAWN: "Record the dose as given first.",
};

const ALREADY_DONE: Record<DoseStep, string> = {
  CHECK_IN: "The participant is already checked in.",
  ASSESSMENT: "The pre-dose assessment is already recorded.",
  AUTHORISE_LATE: "The dose is already drawn.",
  DRAW: "The dose is already drawn.",
  ADMINISTER: "The dose is already recorded as given.",
  SIGN_OFF: "This session is already signed off.",
  WITHHOLD: "This session is already closed.",
  DECLINE: "This session is already closed.",
};

export type StepRefusal = {
  refused: string;
  /** The step (or one after it) was already recorded: a repeat, a double tap or a second tablet. */
  alreadyRecorded: boolean;
};

/**
 * The stage a step leads to from the current one (the same stage for a step that does not
 * move it), or why it cannot happen. WITHHOLD is a clinical decision after check-in; a dose
 * withheld once DRAWN must be destroyed as controlled-drug waste, witnessed (Misuse of
 * Drugs Regulations 2001). DECLINE is the participant's choice before anything is drawn;
 * once drawn, a refusal is a withhold so the drawn dose goes through witnessed destruction.
 */
export function nextStageFor(step: DoseStep, current: DoseStage): DoseStage | StepRefusal {
  const transition = DOSE_LIFECYCLE[step];
  if (transition.from.includes(current)) return transition.to ?? current;
  if (current === "CLOSED") return { refused: "This session is already closed.", alreadyRecorded: step === "WITHHOLD" || step === "DECLINE" };
  if (current === "SIGNED_OFF") return { refused: "This session is already signed off.", alreadyRecorded: true };

  if (step === "WITHHOLD" || step === "DECLINE") {
    if (current === "WAITING") return { refused: "Check the participant in first.", alreadyRecorded: false };
    if (current === "DRAWN") {
      return { refused: "The dose is already drawn: record it as withheld so the drawn dose is destroyed under witness.", alreadyRecorded: false };
    }
    const verb = step === "WITHHOLD" ? "withheld" : "declined";
    return { refused: `The dose has already been given, so it cannot be ${verb}. Complete the observation and sign off.`, alreadyRecorded: false };
  }

  const first = transition.from[0]!;
  if (PROGRESS.indexOf(current) > PROGRESS.indexOf(first)) return { refused: ALREADY_DONE[step], alreadyRecorded: true };
  // Behind: current is one of the open stages before the step's.
  return { refused: DO_FIRST[current as keyof typeof DO_FIRST], alreadyRecorded: false };
}

/** Whether the role may take the step at all (a late dose is a prescribing decision). */
export function mayTakeStep(step: DoseStep, role: string): boolean {
  return (DOSE_LIFECYCLE[step].by as readonly string[]).includes(role);
}

/** Steps open at a stage, in lifecycle order. */
export function stepsOpenAt(stage: DoseStage): DoseStep[] {
  return (Object.keys(DOSE_LIFECYCLE) as DoseStep[]).filter((step) => DOSE_LIFECYCLE[step].from.includes(stage));
}

/**
 * A dose drawn, or given and under observation: controlled drug out of the cupboard or a
 * person at risk. Nothing closes such a session automatically; it stays in front of the
 * nurse, whatever the hour, until what happened is recorded.
 */
export function isDoseInProgress(stage: DoseStage): boolean {
  return stage === "DRAWN" || stage === "ADMINISTERED";
}

/**
 * What closing a session does to one participant's session: nobody came → missed; checked
 * in but nothing drawn → withheld, unless a prescriber authorised a late dose that can
 * still be given; a dose in progress → refused by a nurse's close and left open by the
 * catch-up; finished → unchanged.
 */
export type CloseEffect = "MISSED" | "WITHHELD" | "STAYS_OPEN" | "IN_PROGRESS" | "UNCHANGED";

export function closeEffect(stage: DoseStage, lateDoseStillPossible: boolean): CloseEffect {
  if (stage === "WAITING") return "MISSED";
  if (isDoseInProgress(stage)) return "IN_PROGRESS";
  if (stage === "CHECKED_IN" || stage === "ASSESSED") return lateDoseStillPossible ? "STAYS_OPEN" : "WITHHELD";
  return "UNCHANGED";
}

/** The one step the nurse takes next; the Today card shows only its form. */
export type NextStep =
  | "AWAIT_CHECK_IN"
  | "CHECK_IN"
  | "ASSESS"
  | "WITHHOLD"
  | "AWAIT_LATE_AUTHORISATION"
  | "AWAIT_WINDOW"
  | "DRAW"
  | "ADMINISTER"
  | "RECHECK_BEFORE_GIVING"
  | "SIGN_OFF"
  | null;

export type WindowState = "NOT_YET_OPEN" | "OPEN" | "LATE" | "OVER";

export type NextStepContext = {
  stage: DoseStage;
  /** Check-in has opened (a set time before the window). */
  checkInOpen: boolean;
  /** Concerns standing against the latest assessment. */
  concerns: readonly string[];
  /** The latest assessment is recent enough to draw against. */
  assessmentFresh: boolean;
  hardHold: boolean;
  window: WindowState;
  lateAuthorised: boolean;
  /** Reasons the drawn dose may not be given without a prescriber's override (administrationRecheck). */
  recheck: readonly string[];
};

/** What the card offers next, from the same lifecycle the service enforces. */
export function nextStep(context: NextStepContext): NextStep {
  switch (context.stage) {
    case "WAITING":
      return context.checkInOpen ? "CHECK_IN" : "AWAIT_CHECK_IN";
    case "CHECKED_IN":
      return "ASSESS";
    case "ASSESSED":
      if (context.concerns.length > 0 || context.hardHold) return "WITHHOLD";
      if (!context.assessmentFresh) return "ASSESS";
      if (context.window === "NOT_YET_OPEN") return "AWAIT_WINDOW";
      if (context.window === "OVER") return "WITHHOLD";
      if (context.window === "LATE" && !context.lateAuthorised) return "AWAIT_LATE_AUTHORISATION";
      return "DRAW";
    case "DRAWN":
      return context.recheck.length > 0 ? "RECHECK_BEFORE_GIVING" : "ADMINISTER";
    case "ADMINISTERED":
      return "SIGN_OFF";
    case "SIGNED_OFF":
    case "CLOSED":
      return null;
  }
}

// ---------------------------------------------------------------------------------------
// Timing of the steps

export type DoseTiming = {
  /** Check-in and the pre-dose assessment open this long before the window. */
  checkInOpensMinutesBefore: number;
  /** An assessment older than this at the draw must be repeated. */
  assessmentValidMinutes: number;
  /** A late dose (prescriber-authorised) may be drawn until this long after the window closes, and never once the next session opens. */
  lateDoseMinutes: number;
  /** A past session may be closed by hand up to this many days back, with a reason. */
  manualCloseDays: number;
  /** Observation after an overdose or naloxone runs at least this long from the event. */
  observationAfterOverdoseMinutes: number;
};

export const DEFAULT_DOSE_TIMING: DoseTiming = {
  checkInOpensMinutesBefore: 60,
  assessmentValidMinutes: 60,
  // AM: until 15:00 with the default windows (the PM session opens then); PM: until 22:00.
  lateDoseMinutes: 240,
  manualCloseDays: 3,
  // Naloxone wears off in 30–90 minutes, sooner than diamorphine: watch for renarcotisation.
  observationAfterOverdoseMinutes: 60,
};

/** When check-in opens for a session. */
export function checkInOpensAt(session: SessionKey, windows: SessionWindows, timing: Pick<DoseTiming, "checkInOpensMinutesBefore">): Date {
  return new Date(sessionWindow(session, windows).opensAt.getTime() - timing.checkInOpensMinutesBefore * 60_000);
}

/** Check-in, and so the assessment, only from a set time before the window opens: an assessment made the evening before says nothing about the morning. */
export function checkCheckInOpen(session: SessionKey, at: Date, windows: SessionWindows, timing: Pick<DoseTiming, "checkInOpensMinutesBefore">): { ok: true } | { ok: false; reason: string } {
  const opens = checkInOpensAt(session, windows, timing);
  if (at >= opens) return { ok: true };
  return { ok: false, reason: `Check-in for the ${session.slot} session on ${formatLocalDate(session.date)} opens at ${formatTime(opens)}.` };
}

/** The assessment is about the person in front of the nurse now: too old, and it is made again. */
export function checkAssessmentFresh(assessedAt: Date, at: Date, timing: Pick<DoseTiming, "assessmentValidMinutes">): { ok: true } | { ok: false; reason: string } {
  const ageMs = at.getTime() - assessedAt.getTime();
  if (ageMs <= timing.assessmentValidMinutes * 60_000) return { ok: true };
  return {
    ok: false,
    reason: `The pre-dose assessment was made at ${formatClinicDateTime(assessedAt, at)}, more than ${timing.assessmentValidMinutes} minutes ago: assess the participant again before drawing.`,
  };
}

/**
 * The moment spacing counts from: the latest dose given, or a dose drawn and not yet
 * recorded as given or withheld (it may well be in the participant by now).
 */
export function lastDoseMoment(lastGivenAt: Date | null, unresolvedDrawnAt: Date | null): Date | null {
  if (!lastGivenAt) return unresolvedDrawnAt;
  if (!unresolvedDrawnAt) return lastGivenAt;
  return lastGivenAt > unresolvedDrawnAt ? lastGivenAt : unresolvedDrawnAt;
}

/**
 * Between the draw and "dose given" the world can change: a prescriber places a hard hold,
 * reduces the dose, or the participant is no longer expected. Each is a reason the drawn
 * dose may be given only with a prescriber's override; otherwise it is withheld and destroyed.
 */
export function administrationRecheck(input: {
  drawnMg: number;
  /** The dose prescribed for the session now; null when nothing is prescribed any more. */
  prescribedNowMg: number | null;
  hardHolds: readonly string[];
  notExpectedReason: string | null;
}): string[] {
  const reasons: string[] = [];
  if (input.notExpectedReason) reasons.push(`Since the draw: ${input.notExpectedReason}.`);
  else if (input.prescribedNowMg === null || input.prescribedNowMg < input.drawnMg) {
    reasons.push(`The prescription was changed after the draw: ${input.prescribedNowMg ?? 0} mg is now prescribed for this session, ${input.drawnMg} mg was drawn.`);
  }
  for (const hold of input.hardHolds) reasons.push(`A hard hold was placed after the draw: ${hold}`);
  return reasons;
}

/**
 * A dose given can be less than the dose drawn (part injected, spillage): never more. What
 * is left of the drawn dose is destroyed under witness.
 */
export function checkGivenDose(drawnMg: number, givenMg: number, reason: string | undefined): { ok: true; leftoverMg: number } | { ok: false; reason: string } {
  if (!Number.isInteger(givenMg) || givenMg < 0) return { ok: false, reason: "Enter the dose given as a whole number of mg." };
  if (givenMg > drawnMg) return { ok: false, reason: `${givenMg} mg is more than the ${drawnMg} mg drawn.` };
  if (givenMg === 0) return { ok: false, reason: "Nothing given is not a dose: record the dose as withheld, and the drawn dose is destroyed." };
  if (givenMg < drawnMg && !reason?.trim()) return { ok: false, reason: `${givenMg} mg is less than the ${drawnMg} mg drawn: say what happened (part injected, spilled).` };
  return { ok: true, leftoverMg: drawnMg - givenMg };
}

/** A past session is closed by hand only a set number of days back, and with a reason. */
export function checkManualClose(input: {
  session: SessionKey;
  current: SessionKey;
  today: LocalDate;
  reason: string | undefined;
  timing: Pick<DoseTiming, "manualCloseDays">;
}): { ok: true } | { ok: false; reason: string } {
  const { session, current } = input;
  if (compareSessions(session, current) > 0) return { ok: false, reason: `The ${session.slot} session on ${formatLocalDate(session.date)} has not started.` };
  if (compareSessions(session, current) === 0) return { ok: true };
  if (localDaysBetween(session.date, input.today) > input.timing.manualCloseDays) {
    return { ok: false, reason: `Sessions can be closed by hand up to ${input.timing.manualCloseDays} days back: ${formatLocalDate(session.date)} is too long ago.` };
  }
  if (!input.reason?.trim()) return { ok: false, reason: "Give the reason for closing a past session." };
  return { ok: true };
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

/**
 * The daily maximum is on what the body receives in a clinic day, not on each prescription
 * version: doses given (or drawn and not yet resolved) in the day's other sessions, plus this
 * draw, may not pass it (RIOTT 900 mg/day). Re-prescribing mid-day cannot reset the count.
 */
export function checkDailyTotal(takenTodayMg: number, drawMg: number, maxDailyMg: number): { ok: true } | { ok: false; reason: string } {
  if (takenTodayMg + drawMg <= maxDailyMg) return { ok: true };
  return {
    ok: false,
    reason: `${drawMg} mg would bring today's doses to ${takenTodayMg + drawMg} mg, above the maximum daily dose of ${maxDailyMg} mg (${takenTodayMg} mg already given today). Ask the prescriber.`,
  };
}

// ---------------------------------------------------------------------------------------
// Adverse events

/**
 * An overdose, or naloxone given, is a sign the dose was too much for the body: observation
 * runs on (naloxone's effect ends before diamorphine's, so the person can renarcotise) and no
 * dose is given until a prescriber has reviewed. Other events are recorded, nothing more.
 */
export function adverseEventConsequences(kind: string): { extendsObservation: boolean; holdsNextDose: boolean } {
  const serious = kind === "OVERDOSE" || kind === "NALOXONE_GIVEN";
  return { extendsObservation: serious, holdsNextDose: serious };
}

/** The later of the observation already running and the event's own observation time. */
export function observationAfterEvent(currentEnd: Date | null, occurredAt: Date, minutes: number): Date {
  const after = new Date(occurredAt.getTime() + minutes * 60_000);
  return currentEnd && currentEnd > after ? currentEnd : after;
}

/** When an event happened: typed by the nurse, never in the future, and at most a week back. */
export function checkOccurredAt(occurredAt: Date, now: Date): { ok: true } | { ok: false; reason: string } {
  if (occurredAt.getTime() > now.getTime() + 60_000) return { ok: false, reason: "The time it happened cannot be in the future." };
  if (now.getTime() - occurredAt.getTime() > 7 * 86_400_000) return { ok: false, reason: "Record events of the last 7 days here; older ones go in the clinical notes." };
  return { ok: true };
}

// ---------------------------------------------------------------------------------------
// Timing

/** Canadian iOAT guidance: injectable doses at least 3 hours apart. */
export const DEFAULT_MIN_HOURS_BETWEEN_DOSES = 3;

/** The earliest moment of the next dose: the minimum hours after the last, in real elapsed time (a DST change neither shortens nor stretches the gap). */
export function earliestNextDose(lastDoseAt: Date, minHours: number = DEFAULT_MIN_HOURS_BETWEEN_DOSES): Date {
  return new Date(lastDoseAt.getTime() + minHours * 3_600_000);
}

export function checkSpacing(
  lastDoseAt: Date | null,
  at: Date,
  minHours: number = DEFAULT_MIN_HOURS_BETWEEN_DOSES,
): { ok: true } | { ok: false; reason: string; earliest: Date } {
  if (lastDoseAt === null) return { ok: true };
  const earliest = earliestNextDose(lastDoseAt, minHours);
  if (at.getTime() >= earliest.getTime()) return { ok: true };
  return {
    ok: false,
    reason:
      `Doses must be at least ${minHours} hours apart: the last dose was at ${formatClinicDateTime(lastDoseAt, at)}. ` +
      `The next dose can be given from ${formatClinicDateTime(earliest, at)}.`,
    earliest,
  };
}

/**
 * A dose only inside its session's window [opens, closes). After the window closes only with
 * a prescriber's late-dose authorisation, and only for a set time (lateDoseMinutes), never
 * once the next session opens: from then on the participant is dosed in the next session,
 * so the late dose cannot stand in for it. Before the window opens, never (at most one dose
 * per session; the previous session's dose may still be within the spacing interval).
 */
export function checkWindow(
  session: SessionKey,
  at: Date,
  windows: SessionWindows,
  options: { lateAuthorised: boolean; lateDoseMinutes?: number },
): { ok: true; late: boolean } | { ok: false; reason: string } {
  const { opensAt, closesAt } = sessionWindow(session, windows);
  const label = `The ${session.slot} session on ${formatLocalDate(session.date)}`;
  if (at < opensAt) return { ok: false, reason: `${label} opens at ${formatTime(opensAt)}.` };
  if (at < closesAt) return { ok: true, late: false };

  const lateEnds = lateDoseEndsAt(session, windows, options.lateDoseMinutes ?? DEFAULT_DOSE_TIMING.lateDoseMinutes);
  if (at >= lateEnds.at) {
    return {
      ok: false,
      reason: lateEnds.nextOpens
        ? `${label} is over: the ${nextSession(session).slot} session has opened, so dose in that session.`
        : `${label} is over: late doses end at ${formatTime(lateEnds.at)}.`,
    };
  }
  if (!options.lateAuthorised) {
    return { ok: false, reason: `${label} closed at ${formatTime(closesAt)}: a late dose needs a prescriber's authorisation.` };
  }
  return { ok: true, late: true };
}

/** The last moment of a session's late-dose time: a set time after its window closes, or the next session's opening if sooner. */
export function lateDoseEndsAt(session: SessionKey, windows: SessionWindows, lateDoseMinutes: number): { at: Date; nextOpens: boolean } {
  const limit = new Date(sessionWindow(session, windows).closesAt.getTime() + lateDoseMinutes * 60_000);
  const nextOpensAt = sessionWindow(nextSession(session), windows).opensAt;
  return nextOpensAt <= limit ? { at: nextOpensAt, nextOpens: true } : { at: limit, nextOpens: false };
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
