import { formatMg } from "./format";
import { SAFETY_BOUNDS } from "./safety-bounds";

/**
 * Dosing limits for IV diamorphine prescriptions (DOMAIN.md, "Prescribing").
 *
 * Hard limits can never be exceeded. Soft limits may be exceeded only with a reason the
 * prescriber records; this module only reports breaches, the prescribing service decides.
 */

/** IV diamorphine per session, whole mg; either may be 0 (no dose in that session). */
export type SessionDoses = { amMg: number; pmMg: number };

export type DoseLimits = {
  /** Hard. */
  maxSingleMg: number;
  /** Hard. RIOTT used 900 mg; NAOMI used 1000 mg. */
  maxDailyMg: number;
  /** Soft. A session's dose may not rise more than this % over its previous dose (UK NPSA 2008). */
  maxIncreasePercent: number;
  /** Soft. First dose of the induction day (Swiss Diaphin label). */
  inductionFirstDoseMg: number;
  /** Soft. Further doses of the induction day, and the ceiling for starting or restarting a session. */
  inductionLaterDoseMg: number;
};

export const DEFAULT_DOSE_LIMITS: DoseLimits = {
  maxSingleMg: 450,
  maxDailyMg: 900,
  maxIncreasePercent: 50,
  inductionFirstDoseMg: 15,
  inductionLaterDoseMg: 30,
};

export type LimitRule = "maxSingle" | "maxDaily" | "increaseCap" | "induction";

export type LimitBreach = {
  rule: LimitRule;
  slot: "AM" | "PM" | "day";
  limitMg: number;
  proposedMg: number;
  kind: "hard" | "soft";
  message: string;
};

type Slot = "AM" | "PM";

/**
 * Every limit the proposed doses break, in a stable order: maxSingle AM, maxSingle PM,
 * maxDaily, increaseCap AM, increaseCap PM, induction (AM before PM).
 *
 * `previous` is the current prescription (null for a participant's first prescription).
 * Throws a RangeError for a dose that is not a non-negative whole number of mg, or for
 * limits that fail `validateDoseLimits`.
 */
export function checkDoseChange(
  previous: SessionDoses | null,
  next: SessionDoses,
  limits: DoseLimits,
  options: { induction: boolean },
): LimitBreach[] {
  assertDoses(next, "Proposed");
  if (previous) assertDoses(previous, "Previous");
  const problems = validateDoseLimits(limits);
  if (problems.length > 0) throw new RangeError(`Dose limits are invalid: ${problems.join(" ")}`);

  const slots: { slot: Slot; nextMg: number; previousMg: number | null }[] = [
    { slot: "AM", nextMg: next.amMg, previousMg: previous ? previous.amMg : null },
    { slot: "PM", nextMg: next.pmMg, previousMg: previous ? previous.pmMg : null },
  ];
  const breaches: LimitBreach[] = hardLimitBreaches(next, limits);

  for (const { slot, nextMg, previousMg } of slots) {
    // The cap is a percentage of the previous dose, so it only means something when there
    // was one; a stopped session (0 mg) or a first prescription falls to the induction rule.
    if (previousMg === null || previousMg === 0) continue;
    const limitMg = increaseCapMg(previousMg, limits.maxIncreasePercent);
    if (nextMg > limitMg) {
      breaches.push({
        rule: "increaseCap",
        slot,
        limitMg,
        proposedMg: nextMg,
        kind: "soft",
        message:
          `${slot} dose ${formatMg(nextMg)} is more than ${limits.maxIncreasePercent}% above the previous ${slot} dose of ` +
          `${formatMg(previousMg)} (at most ${formatMg(limitMg)}).`,
      });
    }
  }

  for (const { slot, nextMg, previousMg } of slots) {
    const breach = inductionBreach(slot, nextMg, previousMg, slot === "AM" || next.amMg === 0, limits, options.induction);
    if (breach) breaches.push(breach);
  }

  return breaches;
}

/**
 * The hard limits doses break: the maximum single dose (AM, then PM), then the maximum daily
 * dose. Used for a new prescription, and for those in force when a clinic lowers its limits.
 */
export function hardLimitBreaches(doses: SessionDoses, limits: DoseLimits): LimitBreach[] {
  assertDoses(doses, "Proposed");
  const breaches: LimitBreach[] = [];
  for (const [slot, mg] of [["AM", doses.amMg], ["PM", doses.pmMg]] as const) {
    if (mg > limits.maxSingleMg) {
      breaches.push({
        rule: "maxSingle",
        slot,
        limitMg: limits.maxSingleMg,
        proposedMg: mg,
        kind: "hard",
        message: `${slot} dose ${formatMg(mg)} is above the maximum single dose of ${formatMg(limits.maxSingleMg)}.`,
      });
    }
  }
  const dailyMg = doses.amMg + doses.pmMg;
  if (dailyMg > limits.maxDailyMg) {
    breaches.push({
      rule: "maxDaily",
      slot: "day",
      limitMg: limits.maxDailyMg,
      proposedMg: dailyMg,
      kind: "hard",
      message: `Daily total ${formatMg(dailyMg)} is above the maximum daily dose of ${formatMg(limits.maxDailyMg)}.`,
    });
  }
  return breaches;
}

/** True when a change of limits lowers a hard maximum, so prescriptions written under the old one may now be above it. */
export function lowersHardLimit(before: DoseLimits, after: DoseLimits): boolean {
  return after.maxSingleMg < before.maxSingleMg || after.maxDailyMg < before.maxDailyMg;
}

/**
 * A dose drawn never goes above the clinic's maximum single dose, whatever the prescription
 * says: a prescription written before the maximum was lowered stays in force until a
 * prescriber reviews it (a soft hold says so), but the hard limit applies from the moment
 * it is lowered.
 */
export function checkDrawWithinMaximum(drawnMg: number, limits: DoseLimits): { ok: true } | { ok: false; reason: string } {
  if (drawnMg <= limits.maxSingleMg) return { ok: true };
  return {
    ok: false,
    reason:
      `${formatMg(drawnMg)} is above the clinic's maximum single dose of ${formatMg(limits.maxSingleMg)}, lowered since this prescription was written: ` +
      `draw at most ${formatMg(limits.maxSingleMg)} (a partial dose, with the reason) and ask a prescriber to review the prescription.`,
  };
}

/**
 * The induction rule for one session, or null.
 *
 * Soft rules are about rises only: a dose equal to or below the previous one for that
 * session never breaches them, even on an induction day.
 *
 * - Induction day (Swiss Diaphin label): the first dose of the day — the AM, or the PM when
 *   there is no AM dose — at most `inductionFirstDoseMg`; further doses at most
 *   `inductionLaterDoseMg`.
 * - First prescription outside induction: each session at most `inductionLaterDoseMg`;
 *   starting an opioid-naive or untitrated person on a large dose needs a recorded reason.
 * - Restart of a stopped session (previous 0 mg → more): treated as a restart, at most
 *   `inductionLaterDoseMg`. The NPSA 2008 alert (Reducing dosing errors with opioid
 *   medicines) asks that a new opioid dose be checked against the previous dose; with no
 *   previous dose for this session there is nothing to take 50% of, so the session is
 *   re-titrated from the Diaphin label's induction ceiling rather than left uncapped.
 */
function inductionBreach(
  slot: Slot,
  nextMg: number,
  previousMg: number | null,
  isFirstDoseOfDay: boolean,
  limits: DoseLimits,
  induction: boolean,
): LimitBreach | null {
  if (nextMg <= (previousMg ?? 0)) return null;

  let limitMg: number;
  let what: string;
  if (induction) {
    limitMg = isFirstDoseOfDay ? limits.inductionFirstDoseMg : limits.inductionLaterDoseMg;
    what = isFirstDoseOfDay ? "the first induction dose" : "further induction doses";
  } else if (previousMg === null) {
    limitMg = limits.inductionLaterDoseMg;
    what = "a first prescription";
  } else if (previousMg === 0) {
    limitMg = limits.inductionLaterDoseMg;
    what = `restarting a stopped ${slot} dose`;
  } else {
    return null;
  }
  if (nextMg <= limitMg) return null;
  return {
    rule: "induction",
    slot,
    limitMg,
    proposedMg: nextMg,
    kind: "soft",
    message: `${slot} dose ${formatMg(nextMg)} is above the limit of ${formatMg(limitMg)} for ${what}.`,
  };
}

export function hasHardBreach(breaches: LimitBreach[]): boolean {
  return breaches.some((b) => b.kind === "hard");
}

/**
 * All breaches as one sentence, e.g. "AM dose 500 mg is above the maximum single dose of
 * 450 mg; daily total 1000 mg is above the maximum daily dose of 900 mg." Empty string
 * when there are none.
 */
export function describeBreaches(breaches: LimitBreach[]): string {
  if (breaches.length === 0) return "";
  const clauses = breaches.map((b, i) => {
    const clause = b.message.replace(/\.$/, "");
    // "AM"/"PM" keep their capitals mid-sentence; "Daily total" does not.
    return i === 0 || /^[A-Z]{2}\b/.test(clause) ? clause : clause.charAt(0).toLowerCase() + clause.slice(1);
  });
  return `${clauses.join("; ")}.`;
}

/**
 * The highest dose a session may go to from `previousMg` without a recorded reason: the
 * increase cap, or the restart ceiling when the session was stopped (0 mg); never above the
 * maximum single dose, which cannot be exceeded at all.
 */
export function maxAllowedIncrease(previousMg: number, limits: DoseLimits): number {
  assertWholeMg(previousMg, "Previous dose");
  const ceiling = previousMg === 0 ? limits.inductionLaterDoseMg : increaseCapMg(previousMg, limits.maxIncreasePercent);
  return Math.min(ceiling, limits.maxSingleMg);
}

/** Sanity checks for site settings; each message is a sentence. Empty means the limits are usable. */
export function validateDoseLimits(limits: DoseLimits): string[] {
  const problems: string[] = [];
  const fields: [keyof DoseLimits, string][] = [
    ["maxSingleMg", "The maximum single dose"],
    ["maxDailyMg", "The maximum daily dose"],
    ["inductionFirstDoseMg", "The first induction dose"],
    ["inductionLaterDoseMg", "The further induction dose"],
  ];
  for (const [key, label] of fields) {
    const value = limits[key];
    if (!Number.isInteger(value) || value <= 0) problems.push(`${label} must be a whole number of mg above 0.`);
  }
  const pct = limits.maxIncreasePercent;
  const maxPct = SAFETY_BOUNDS.maxIncreasePercent;
  if (!Number.isInteger(pct) || pct < 1 || pct > maxPct) problems.push(`The maximum increase must be a whole percentage from 1 to ${maxPct}.`);
  // No clinic may pass these (safety-bounds.ts): limits beyond them are not limits.
  if (limits.maxSingleMg > SAFETY_BOUNDS.maxSingleMg) {
    problems.push(`The maximum single dose must be at most ${formatMg(SAFETY_BOUNDS.maxSingleMg)}, the clinical ceiling no clinic may pass.`);
  }
  if (limits.maxDailyMg > SAFETY_BOUNDS.maxDailyMg) {
    problems.push(`The maximum daily dose must be at most ${formatMg(SAFETY_BOUNDS.maxDailyMg)}, the clinical ceiling no clinic may pass.`);
  }

  if (limits.maxSingleMg > limits.maxDailyMg) {
    problems.push(
      `The maximum single dose (${formatMg(limits.maxSingleMg)}) must not be above the maximum daily dose (${formatMg(limits.maxDailyMg)}).`,
    );
  }
  if (limits.inductionFirstDoseMg > limits.inductionLaterDoseMg) {
    problems.push(
      `The first induction dose (${formatMg(limits.inductionFirstDoseMg)}) must not be above the further induction dose (${formatMg(limits.inductionLaterDoseMg)}).`,
    );
  }
  if (limits.inductionLaterDoseMg > limits.maxSingleMg) {
    problems.push(
      `The further induction dose (${formatMg(limits.inductionLaterDoseMg)}) must not be above the maximum single dose (${formatMg(limits.maxSingleMg)}).`,
    );
  }
  return problems;
}

/** Integer arithmetic: 100 × 1.15 in floating point is 114.99…, which would floor to 114. */
function increaseCapMg(previousMg: number, percent: number): number {
  return Math.floor((previousMg * (100 + percent)) / 100);
}

function assertDoses(doses: SessionDoses, which: string): void {
  assertWholeMg(doses.amMg, `${which} AM dose`);
  assertWholeMg(doses.pmMg, `${which} PM dose`);
}

function assertWholeMg(mg: number, label: string): void {
  if (!Number.isSafeInteger(mg) || mg < 0) throw new RangeError(`${label} must be a whole number of mg, 0 or more (got ${mg}).`);
}
