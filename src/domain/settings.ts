import { DEFAULT_SMALL_GROUP_THRESHOLD } from "./board-figures";
import { DEFAULT_SESSION_WINDOWS, type SessionWindows } from "./clinic-time";
import { DEFAULT_ASSESSMENT_POLICY, DEFAULT_DOSE_TIMING, DEFAULT_MIN_HOURS_BETWEEN_DOSES, DEFAULT_OBSERVATION_MINUTES, type AssessmentPolicy, type DoseTiming } from "./dose-session";
import { DEFAULT_DOSE_LIMITS, DEFAULT_ORAL_LIMITS, type DoseLimits, type OralLimits } from "./dosing-limits";
import { DEFAULT_BACK_ENTRY_REACH_DAYS } from "./downtime";
import { DEFAULT_MISSED_DOSE_POLICY, type MissedDosePolicy } from "./missed-doses";
import { DEFAULT_PRESCRIPTION_REVIEW, type PrescriptionReview } from "./prescription-review";
import { DEFAULT_RESTART_SHARE_PERCENT } from "./restart";
import { DEFAULT_STOCK_CHECK_INTERVAL_DAYS } from "./stock-checks";
import { DEFAULT_TITRATION_DAYS } from "./titration";

/**
 * Clinic settings (DOMAIN.md: every limit is configurable, defaults shown there). A site
 * row in `Setting` overrides a default; each change is audited with the reason.
 */
export type EligibilityCriteria = {
  /** Germany ≥ 23; Switzerland ≥ 18. */
  minAgeYears: number;
  /** Germany ≥ 5; Switzerland ≥ 2. */
  minYearsDependent: number;
  /** Failed earlier treatments (oral methadone/buprenorphine): Germany and Switzerland ≥ 2. */
  minFailedTreatments: number;
  /** RIOTT: injecting on ≥ 50% of days in the last 3 months (≈ 45 of 90). 0 = not required. */
  minInjectingDaysLast90: number;
};

export type ClinicSettings = {
  capacity: number;
  eligibility: EligibilityCriteria;
  sessionWindows: SessionWindows;
  doseLimits: DoseLimits;
  /** Daily limits for oral co-prescriptions (methadone, slow-release oral morphine): usual (a reason to go above) and maximum. */
  oralLimits: OralLimits;
  /** Each prescription is reviewed by a date: past it a soft hold, past the grace period a hard hold. */
  prescriptionReview: PrescriptionReview;
  /** A titration ends when a prescriber records a stable dose, or after this many days. */
  titrationDays: number;
  assessmentPolicy: AssessmentPolicy;
  /** Canadian iOAT guidance: doses at least 3 hours apart. */
  minHoursBetweenDoses: number;
  /** Minutes a participant stays under observation after a dose. */
  observationMinutes: number;
  /** When check-in opens, how long an assessment holds, how late a late dose, how far back a session is closed by hand. */
  doseTiming: DoseTiming;
  missedDosePolicy: MissedDosePolicy;
  /** A restart after a gap is proposed at this share of the last dose given (%). */
  restartSharePercent: number;
  /** Board figures: groups of people smaller than this are shown as "<n", never as a count. */
  smallGroupThreshold: number;
  /** Every batch of controlled-drug stock is counted at least this often (days). */
  stockCheckIntervalDays: number;
  /** Doses given on paper during an outage may be entered up to this many days back. */
  backEntryReachDays: number;
};

export const DEFAULT_SETTINGS: ClinicSettings = {
  // The Middlesbrough pilot had up to 15 places.
  capacity: 15,
  eligibility: { minAgeYears: 18, minYearsDependent: 2, minFailedTreatments: 2, minInjectingDaysLast90: 45 },
  sessionWindows: DEFAULT_SESSION_WINDOWS,
  doseLimits: DEFAULT_DOSE_LIMITS,
  oralLimits: DEFAULT_ORAL_LIMITS,
  prescriptionReview: DEFAULT_PRESCRIPTION_REVIEW,
  titrationDays: DEFAULT_TITRATION_DAYS,
  assessmentPolicy: DEFAULT_ASSESSMENT_POLICY,
  minHoursBetweenDoses: DEFAULT_MIN_HOURS_BETWEEN_DOSES,
  observationMinutes: DEFAULT_OBSERVATION_MINUTES,
  doseTiming: DEFAULT_DOSE_TIMING,
  missedDosePolicy: DEFAULT_MISSED_DOSE_POLICY,
  restartSharePercent: DEFAULT_RESTART_SHARE_PERCENT,
  smallGroupThreshold: DEFAULT_SMALL_GROUP_THRESHOLD,
  stockCheckIntervalDays: DEFAULT_STOCK_CHECK_INTERVAL_DAYS,
  backEntryReachDays: DEFAULT_BACK_ENTRY_REACH_DAYS,
};

export type SettingKey = keyof ClinicSettings;

/**
 * Settings that decide who is dosed, how much and how safely: a clinical lead (a prescriber
 * the clinic names as such) changes these, never an administrator alone (issue 15). The rest
 * (places, session windows, the board's smallest group) are operational and stay with the
 * administrator: the windows decide when the clinic opens, while the spacing between doses,
 * how late a dose may be and when an assessment expires are clinical and checked on their own.
 */
export const CLINICAL_SETTING_KEYS: ReadonlySet<SettingKey> = new Set<SettingKey>([
  "eligibility",
  "doseLimits",
  "prescriptionReview",
  "titrationDays",
  "assessmentPolicy",
  "minHoursBetweenDoses",
  "observationMinutes",
  "doseTiming",
  "missedDosePolicy",
  "oralLimits",
  "restartSharePercent",
  "backEntryReachDays",
]);

export function isClinicalSetting(key: SettingKey): boolean {
  return CLINICAL_SETTING_KEYS.has(key);
}
