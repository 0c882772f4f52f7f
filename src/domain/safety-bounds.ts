/**
 * Floors and ceilings no clinic may configure past (issue 15). Every limit in DOMAIN.md is a
 * site setting, but a setting is typed by a person: these bounds keep a typo, or a change
 * made without clinical judgement, from switching a safeguard off. Each sits at or beyond the
 * most permissive figure a trial, label or guideline used, so a clinic keeps every choice the
 * sources allow and none they do not.
 */
export const SAFETY_BOUNDS = {
  /**
   * Highest maximum single IV diamorphine dose (mg). RIOTT capped a dose at 450 mg (DOMAIN.md);
   * 500 mg leaves room above it, and no trial, the Diaphin SmPC or the UK Clinical Guidelines
   * on drug misuse and dependence (2017, "Orange Book") support a single dose beyond it.
   */
  maxSingleMg: 500,
  /**
   * Highest maximum daily IV diamorphine dose (mg). RIOTT 900 mg; NAOMI 1,000 mg, the
   * highest daily figure any trial used (DOMAIN.md).
   */
  maxDailyMg: 1000,
  /**
   * Highest rise per session without a recorded reason (%). The NPSA 2008 alert (Reducing
   * dosing errors with opioid medicines) asks that a new opioid dose be checked against the
   * previous one; the clinic default is 50 % (Diaphin label for twice-daily dosing). Doubling
   * is the most any clinic may let through without a reason.
   */
  maxIncreasePercent: 100,
  /**
   * Shortest observation after a dose (minutes). Canadian iOAT guidance observes 15–20
   * minutes after each injection: 15 is its minimum, the window in which IV diamorphine
   * reaches its peak and an overdose shows.
   */
  minObservationMinutes: 15,
  /**
   * Shortest gap between two doses (hours). Canadian iOAT guidance: 3 hours. A clinic may
   * narrow it to fit its windows, but not below 2 hours, inside which two doses' peak
   * effects overlap.
   */
  minHoursBetweenDoses: 2,
  /**
   * Highest sedation score (0 alert – 4 unrousable) at which a dose may be given. An
   * intoxicated or sedated person is not dosed (Orange Book 2017); sedation is the first sign
   * of opioid toxicity, so halfway up the scale is the most a clinic may accept.
   */
  maxSedationScore: 2,
  /**
   * Lowest SpO₂ (%) at which a dose may be given. The British Thoracic Society's oxygen
   * guideline (2017, NICE-accredited) aims for 94–98 %, 88–92 % for people at risk of
   * hypercapnic failure; below 85 % a respiratory depressant is never given.
   */
  minSpo2: 85,
  /**
   * Most consecutive days without a dose before a hard hold. Tolerance falls within days
   * (Orange Book 2017: three missed days, tell the prescriber and review the dose; the
   * Australian national guideline re-assesses after 3 and re-titrates after 5).
   */
  maxDaysWithoutDoseBeforeHold: 5,
  /**
   * Longest interval between prescription reviews (days). A Schedule 2 prescription is valid
   * for 28 days (Misuse of Drugs Regulations 2001; Human Medicines Regulations 2012 reg. 217).
   */
  maxPrescriptionReviewDays: 28,
} as const;

export type SafetyBounds = typeof SAFETY_BOUNDS;

/**
 * What a member of staff is told when a value passes a bound: the bound, that no clinic may
 * pass it, and the figure behind it.
 */
export const SAFETY_BOUND_MESSAGES: Record<keyof SafetyBounds, string> = {
  maxSingleMg: `At most ${SAFETY_BOUNDS.maxSingleMg} mg: the clinical ceiling no clinic may pass (RIOTT 450 mg).`,
  maxDailyMg: `At most ${SAFETY_BOUNDS.maxDailyMg} mg: the clinical ceiling no clinic may pass (NAOMI 1000 mg; RIOTT 900 mg).`,
  maxIncreasePercent: `At most ${SAFETY_BOUNDS.maxIncreasePercent} %: the clinical ceiling no clinic may pass (NPSA 2008; the usual cap is 50 %).`,
  minObservationMinutes: `At least ${SAFETY_BOUNDS.minObservationMinutes} minutes: the clinical floor no clinic may go below (Canadian iOAT guidance: 15–20 minutes).`,
  minHoursBetweenDoses: `At least ${SAFETY_BOUNDS.minHoursBetweenDoses} hours: the clinical floor no clinic may go below (Canadian iOAT guidance: 3 hours).`,
  maxSedationScore: `At most ${SAFETY_BOUNDS.maxSedationScore}: the clinical ceiling no clinic may pass (a sedated person is not dosed).`,
  minSpo2: `At least ${SAFETY_BOUNDS.minSpo2} %: the clinical floor no clinic may go below (BTS oxygen target 94–98 %).`,
  maxDaysWithoutDoseBeforeHold: `At most ${SAFETY_BOUNDS.maxDaysWithoutDoseBeforeHold} days: the clinical ceiling no clinic may pass (Orange Book 2017: review after 3 missed days).`,
  maxPrescriptionReviewDays: `At most ${SAFETY_BOUNDS.maxPrescriptionReviewDays} days: the clinical ceiling no clinic may pass (a Schedule 2 prescription is valid for 28 days).`,
};
