import { DEFAULT_SESSION_WINDOWS, type SessionWindows } from "./clinic-time";

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
};

export const DEFAULT_SETTINGS: ClinicSettings = {
  // The Middlesbrough pilot had up to 15 places.
  capacity: 15,
  eligibility: { minAgeYears: 18, minYearsDependent: 2, minFailedTreatments: 2, minInjectingDaysLast90: 45 },
  sessionWindows: DEFAULT_SESSION_WINDOWS,
};

export type SettingKey = keyof ClinicSettings;
