import { formatMg } from "./format";
import { ORAL_DRUG_LABEL } from "./labels";
import { SAFETY_BOUNDS } from "./safety-bounds";

/**
 * Dosing limits for IV diamorphine prescriptions and their oral co-prescriptions
 * (DOMAIN.md, "Prescribing").
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

export type LimitRule = "maxSingle" | "maxDaily" | "increaseCap" | "induction" | "restart" | OralLimitRule;

export type LimitBreach = {
  rule: LimitRule;
  /** The IV session, the IV day, or the oral co-prescription's daily dose. */
  slot: "AM" | "PM" | "day" | "oral";
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

/**
 * What a change of dose is measured against: what the body has had, not the version saved a
 * minute ago. For each session, the lower of the dose prescribed 24 hours earlier and the
 * highest dose given for that session in the last 24 hours (either may be unknown; a session
 * with neither counts as stopped, 0 mg, so it is restarted within the induction ceiling).
 * Several saves within a day are then measured as one change, and a rise cannot be chained
 * 30 → 45 → 67 → … without a reason (UK NPSA 2008: check a new opioid dose against the last
 * dose the patient actually had). Null for the episode's first prescription.
 */
export function increaseReference(input: {
  hasPrescription: boolean;
  prescribed24hAgo: SessionDoses | null;
  givenLast24h: { amMg: number | null; pmMg: number | null };
}): SessionDoses | null {
  if (!input.hasPrescription) return null;
  const lowest = (...known: (number | null | undefined)[]) => {
    const values = known.filter((v): v is number => v !== null && v !== undefined);
    return values.length === 0 ? 0 : Math.min(...values);
  };
  return {
    amMg: lowest(input.prescribed24hAgo?.amMg, input.givenLast24h.amMg),
    pmMg: lowest(input.prescribed24hAgo?.pmMg, input.givenLast24h.pmMg),
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

// ─── Oral co-prescriptions ───────────────────────────────────────────────────────────────

/**
 * Oral opioids prescribed beside IV diamorphine for overnight cover (DOMAIN.md,
 * "Prescribing"). Both add to the opioid load the IV limits were set against, and neither
 * is given under the clinic's eyes twice a day, so each has its own daily limits.
 */
export const ORAL_DRUGS = ["METHADONE", "SLOW_RELEASE_ORAL_MORPHINE"] as const;
export type OralDrug = (typeof ORAL_DRUGS)[number];

/** An oral co-prescription: the medicine and its whole daily dose in mg. */
export type OralDose = { drug: OralDrug; mgPerDay: number };

/**
 * Per medicine, mg a day. `softDailyMg`: a dose rising above it needs a recorded reason.
 * `hardDailyMg`: never exceeded.
 */
export type OralDoseLimit = { softDailyMg: number; hardDailyMg: number };
export type OralLimits = Record<OralDrug, OralDoseLimit>;

/**
 * The most a form or a setting will take, mg a day: a bound on what can be typed, not a
 * clinical limit (the site's `oralLimits` are). Above any default so that a clinic can set
 * its maximum, and a prescriber reach it.
 */
export const MAX_ORAL_MG_PER_DAY = 3000;

/**
 * Clinic settings ("Oral co-prescription limits"), these the defaults:
 * - Methadone 120 / 200 mg a day. UK Orange Book (Drug misuse and dependence: UK
 *   guidelines on clinical management, 2017): optimal maintenance is usually 60–120 mg a
 *   day, and doses above 100–120 mg a day call for specialist review (and an ECG for QT
 *   prolongation). 200 mg a day is well beyond that range for a co-prescription whose main
 *   opioid is IV diamorphine up to 900 mg.
 * - Slow-release oral morphine 800 / 1200 mg a day. Maintenance with SROM (Substitol) in
 *   Swiss and Austrian practice typically uses 500–800 mg a day; Swiss and German HAT
 *   practice gives an oral opioid (methadone or, in Switzerland, SROM) for overnight cover
 *   beside diamorphine. In the UK its use for opioid dependence is off-label, one more
 *   reason a high dose should carry its reasoning.
 */
export const DEFAULT_ORAL_LIMITS: OralLimits = {
  METHADONE: { softDailyMg: 120, hardDailyMg: 200 },
  SLOW_RELEASE_ORAL_MORPHINE: { softDailyMg: 800, hardDailyMg: 1200 },
};

export type OralLimitRule = "oralMaxDaily" | "oralUsualDaily" | "oralRise";

/**
 * Every limit the proposed oral co-prescription breaks, in a stable order: the maximum
 * (hard; when it is broken, nothing else is reported: the change is refused whatever the
 * reason), the usual maximum (soft), the rise (soft).
 *
 * `previous` is the version in force (null for the episode's first prescription), with its
 * oral co-prescription or null; `next` the one proposed, or null for none.
 *
 * The rules, and why:
 * - The maximum applies to every dose, even one unchanged or lower (the setting may have
 *   been lowered since), as the IV maxima do.
 * - Soft rules are about rises only, as for IV doses: keeping or lowering a dose accepted
 *   with a reason does not ask for the reason again.
 * - Any rise of the oral dose over the version in force needs a recorded reason, and so do
 *   adding an oral medicine where there was none and switching from one to the other (the
 *   two are not interchangeable mg for mg, and cross-tolerance is incomplete). There is
 *   no percentage allowance as for IV doses: methadone's long and variable half-life makes
 *   a rise accumulate over 3–5 days, and the Orange Book (2017) advises rises of 5–10 mg at
 *   a time, at most about 30 mg a week; a 50% rule would let 100 → 150 mg through. The
 *   first prescription of an episode has no version to rise from: a person arriving on
 *   oral treatment keeps their dose without a reason, within the usual maximum.
 *
 * Throws a RangeError for a dose that is not a whole number of mg (0 or more), or for
 * limits that fail `validateOralLimits`.
 */
export function checkOralChange(previous: { oral: OralDose | null } | null, next: OralDose | null, limits: OralLimits): LimitBreach[] {
  const problems = validateOralLimits(limits);
  if (problems.length > 0) throw new RangeError(`Oral dose limits are invalid: ${problems.join(" ")}`);
  if (previous?.oral) assertWholeMg(previous.oral.mgPerDay, "Previous oral dose");
  if (!next) return [];
  assertWholeMg(next.mgPerDay, "Proposed oral dose");

  const { softDailyMg, hardDailyMg } = limits[next.drug];
  const what = `${ORAL_DRUG_LABEL[next.drug]} ${mgADay(next.mgPerDay)}`;
  const breach = (rule: OralLimitRule, limitMg: number, kind: "hard" | "soft", message: string): LimitBreach => ({
    rule,
    slot: "oral",
    limitMg,
    proposedMg: next.mgPerDay,
    kind,
    message,
  });

  if (next.mgPerDay > hardDailyMg) return [breach("oralMaxDaily", hardDailyMg, "hard", `${what} is above the maximum of ${mgADay(hardDailyMg)}.`)];

  const before = previous?.oral ?? null;
  // What this medicine's dose rises from: nothing when it is new to the prescription.
  const fromMg = before && before.drug === next.drug ? before.mgPerDay : 0;
  const rises = next.mgPerDay > fromMg;
  const breaches: LimitBreach[] = [];
  if (rises && next.mgPerDay > softDailyMg) {
    breaches.push(breach("oralUsualDaily", softDailyMg, "soft", `${what} is above the usual maximum of ${mgADay(softDailyMg)}.`));
  }
  if (previous && rises) {
    const message = !before
      ? `${what} is added to a prescription that had no oral medicine.`
      : before.drug !== next.drug
        ? `${what} replaces ${ORAL_DRUG_LABEL[before.drug].toLowerCase()} ${mgADay(before.mgPerDay)}.`
        : `${what} is a rise from ${mgADay(before.mgPerDay)}.`;
    breaches.push(breach("oralRise", fromMg, "soft", message));
  }
  return breaches;
}

/** Sanity checks for the oral limits setting; each message is a sentence. Empty means usable. */
export function validateOralLimits(limits: OralLimits): string[] {
  const problems: string[] = [];
  for (const drug of ORAL_DRUGS) {
    const { softDailyMg, hardDailyMg } = limits[drug];
    const name = ORAL_DRUG_LABEL[drug];
    if (![softDailyMg, hardDailyMg].every((mg) => Number.isInteger(mg) && mg > 0)) {
      problems.push(`${name} limits must each be a whole number of mg above 0.`);
    } else if (softDailyMg > hardDailyMg) {
      problems.push(`The ${name.toLowerCase()} usual maximum (${mgADay(softDailyMg)}) must not be above its maximum (${mgADay(hardDailyMg)}).`);
    }
  }
  return problems;
}

function mgADay(mg: number): string {
  return `${formatMg(mg)} a day`;
}
