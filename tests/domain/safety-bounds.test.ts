import { describe, expect, it } from "vitest";
import { SAFETY_BOUNDS } from "@/domain/safety-bounds";
import { DEFAULT_SETTINGS, type SettingKey } from "@/domain/settings";
import { SETTING_SCHEMAS } from "@/server/settings";

/**
 * The floors and ceilings no clinic may pass (issue 15), through the very schemas that check
 * what is typed on the settings screen and what is read back from the database. Each bound:
 * at the bound (accepted) and one past it (refused, with the bound's message). No database.
 */
const d = DEFAULT_SETTINGS;

function parse<K extends SettingKey>(key: K, value: unknown) {
  return SETTING_SCHEMAS[key].safeParse(value);
}

const cases: [string, SettingKey, (n: number) => unknown, number, number, RegExp][] = [
  ["maximum single dose", "doseLimits", (n) => ({ ...d.doseLimits, maxSingleMg: n, maxDailyMg: 1000 }), 500, 501, /^At most 500 mg: the clinical ceiling no clinic may pass \(RIOTT 450 mg\)\.$/],
  ["maximum daily dose", "doseLimits", (n) => ({ ...d.doseLimits, maxDailyMg: n }), 1000, 1001, /^At most 1000 mg: the clinical ceiling/],
  ["maximum rise per session", "doseLimits", (n) => ({ ...d.doseLimits, maxIncreasePercent: n }), 100, 101, /^At most 100 %: the clinical ceiling/],
  ["observation after a dose", "observationMinutes", (n) => n, 15, 14, /^At least 15 minutes: the clinical floor/],
  ["hours between doses", "minHoursBetweenDoses", (n) => n, 2, 1, /^At least 2 hours: the clinical floor/],
  ["highest sedation score to dose", "assessmentPolicy", (n) => ({ ...d.assessmentPolicy, maxSedationScore: n }), 2, 3, /^At most 2: the clinical ceiling/],
  ["lowest SpO₂ to dose", "assessmentPolicy", (n) => ({ ...d.assessmentPolicy, minSpo2: n }), 85, 84, /^At least 85 %: the clinical floor/],
  ["days without a dose before a hard hold", "missedDosePolicy", (n) => ({ ...d.missedDosePolicy, consecutiveDaysWithoutDoseForHardHold: n }), 5, 6, /^At most 5 days: the clinical ceiling/],
  ["days between prescription reviews", "prescriptionReview", (n) => ({ ...d.prescriptionReview, reviewDays: n }), 28, 29, /^At most 28 days: the clinical ceiling no clinic may pass \(a Schedule 2 prescription is valid for 28 days\)\.$/],
];

describe("safety bounds on clinic settings", () => {
  it.each(cases)("%s: accepts the bound", (_name, key, value, atBound) => {
    expect(parse(key, value(atBound)).success).toBe(true);
  });

  it.each(cases)("%s: refuses one past the bound, saying why", (_name, key, value, _atBound, past, message) => {
    const parsed = parse(key, value(past));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(message);
  });

  it.each([
    ["a 2000 mg single maximum", "doseLimits", { ...d.doseLimits, maxSingleMg: 2000, maxDailyMg: 4000 }],
    ["a 4000 mg daily maximum", "doseLimits", { ...d.doseLimits, maxDailyMg: 4000 }],
    ["rises of 1000 %", "doseLimits", { ...d.doseLimits, maxIncreasePercent: 1000 }],
    ["no observation", "observationMinutes", 0],
    ["no spacing", "minHoursBetweenDoses", 0],
    ["dosing at sedation score 4", "assessmentPolicy", { ...d.assessmentPolicy, maxSedationScore: 4 }],
    ["dosing at SpO₂ 0 %", "assessmentPolicy", { ...d.assessmentPolicy, minSpo2: 0 }],
    ["a hold after 14 days", "missedDosePolicy", { ...d.missedDosePolicy, consecutiveDaysWithoutDoseForHardHold: 14 }],
  ] as const)("refuses the values of finding 9: %s", (_name, key, value) => {
    expect(parse(key, value).success).toBe(false);
  });

  it("keeps every default within its bound", () => {
    for (const key of Object.keys(SETTING_SCHEMAS) as SettingKey[]) expect(parse(key, d[key]).success, key).toBe(true);
    expect(d.doseLimits.maxSingleMg).toBeLessThanOrEqual(SAFETY_BOUNDS.maxSingleMg);
    expect(d.doseLimits.maxDailyMg).toBeLessThanOrEqual(SAFETY_BOUNDS.maxDailyMg);
    expect(d.doseLimits.maxIncreasePercent).toBeLessThanOrEqual(SAFETY_BOUNDS.maxIncreasePercent);
    expect(d.observationMinutes).toBeGreaterThanOrEqual(SAFETY_BOUNDS.minObservationMinutes);
    expect(d.minHoursBetweenDoses).toBeGreaterThanOrEqual(SAFETY_BOUNDS.minHoursBetweenDoses);
    expect(d.assessmentPolicy.maxSedationScore).toBeLessThanOrEqual(SAFETY_BOUNDS.maxSedationScore);
    expect(d.assessmentPolicy.minSpo2).toBeGreaterThanOrEqual(SAFETY_BOUNDS.minSpo2);
    expect(d.missedDosePolicy.consecutiveDaysWithoutDoseForHardHold).toBeLessThanOrEqual(SAFETY_BOUNDS.maxDaysWithoutDoseBeforeHold);
    expect(d.prescriptionReview.reviewDays).toBeLessThanOrEqual(SAFETY_BOUNDS.maxPrescriptionReviewDays);
  });
});
