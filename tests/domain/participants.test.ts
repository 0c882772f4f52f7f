import { describe, expect, it } from "vitest";
import { unmetCriteria } from "@/domain/eligibility";
import { participantStatus, type JourneyFacts } from "@/domain/participant-status";
import { DEFAULT_SETTINGS } from "@/domain/settings";
import { isStreetHeroinPositive, streetHeroinStatus } from "@/domain/urine";

const t = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 0, minutes));

describe("participant status", () => {
  it.each<[string, JourneyFacts, string]>([
    ["referred and not yet assessed", { latestReferral: { recordedAt: t(0), outcome: null }, latestEpisode: null }, "REFERRED"],
    ["accepted at assessment", { latestReferral: { recordedAt: t(0), outcome: "ACCEPTED" }, latestEpisode: null }, "WAITING"],
    ["declined at assessment", { latestReferral: { recordedAt: t(0), outcome: "DECLINED" }, latestEpisode: null }, "DECLINED"],
    ["enrolled", { latestReferral: { recordedAt: t(0), outcome: "ACCEPTED" }, latestEpisode: { recordedAt: t(1), closed: false, onBreak: false } }, "ACTIVE"],
    ["on a break", { latestReferral: { recordedAt: t(0), outcome: "ACCEPTED" }, latestEpisode: { recordedAt: t(1), closed: false, onBreak: true } }, "ON_BREAK"],
    ["exited", { latestReferral: { recordedAt: t(0), outcome: "ACCEPTED" }, latestEpisode: { recordedAt: t(1), closed: true, onBreak: false } }, "EXITED"],
    ["re-referred after exit", { latestReferral: { recordedAt: t(2), outcome: null }, latestEpisode: { recordedAt: t(1), closed: true, onBreak: false } }, "REFERRED"],
    ["re-accepted after exit", { latestReferral: { recordedAt: t(2), outcome: "ACCEPTED" }, latestEpisode: { recordedAt: t(1), closed: true, onBreak: false } }, "WAITING"],
    ["re-admitted", { latestReferral: { recordedAt: t(2), outcome: "ACCEPTED" }, latestEpisode: { recordedAt: t(3), closed: false, onBreak: false } }, "ACTIVE"],
  ])("is right when %s", (_, facts, status) => {
    expect(participantStatus(facts)).toBe(status);
  });
});

describe("eligibility against the clinic's criteria", () => {
  const criteria = DEFAULT_SETTINGS.eligibility;
  const meets = { ageYears: 18, yearsDependent: 2, failedTreatments: 2, injectingDaysLast90: 45 };

  it("finds nothing unmet exactly at every minimum", () => {
    expect(unmetCriteria(meets, criteria)).toEqual([]);
  });

  it.each([
    ["ageYears", 17, "Age 17 is under the minimum of 18."],
    ["yearsDependent", 1, "1 years of dependency is under the minimum of 2."],
    ["failedTreatments", 1, "1 failed earlier treatments is under the minimum of 2."],
    ["injectingDaysLast90", 44, "Injecting on 44 of the last 90 days is under the minimum of 45."],
  ] as const)("names %s one under its minimum", (field, value, message) => {
    expect(unmetCriteria({ ...meets, [field]: value }, criteria)).toEqual([message]);
  });

  it("applies a stricter country's criteria when the clinic sets them (Germany: 23 years old, 5 years dependent)", () => {
    const germany = { ...criteria, minAgeYears: 23, minYearsDependent: 5 };
    expect(unmetCriteria({ ...meets, ageYears: 22, yearsDependent: 5 }, germany)).toEqual(["Age 22 is under the minimum of 23."]);
  });
});

describe("street heroin in a urine screen", () => {
  const negative = (substance: string) => ({ substance, result: "NEGATIVE" as const });
  const positive = (substance: string) => ({ substance, result: "POSITIVE" as const });

  it.each([
    ["6-MAM alone (prescribed diamorphine)", [positive("MORPHINE_6MAM"), negative("ACETYLCODEINE")], false],
    ["acetylcodeine", [positive("MORPHINE_6MAM"), positive("ACETYLCODEINE")], true],
    ["papaverine", [positive("PAPAVERINE")], true],
    ["noscapine", [positive("NOSCAPINE")], true],
    ["cocaine only", [positive("COCAINE"), negative("NOSCAPINE")], false],
    ["nothing tested", [], false],
  ])("reads %s correctly", (_, results, expected) => {
    expect(isStreetHeroinPositive(results)).toBe(expected);
  });

  // Issue 17, finding 1: a laboratory sample with no street-heroin marker is never a negative.
  it.each([
    ["only 6-MAM and cocaine reported", "NOT_TESTED", [positive("MORPHINE_6MAM"), negative("COCAINE")]],
    ["nothing reported", "NOT_TESTED", []],
    ["one marker reported negative", "NEGATIVE", [negative("PAPAVERINE"), positive("MORPHINE_6MAM")]],
    ["every marker negative", "NEGATIVE", [negative("ACETYLCODEINE"), negative("PAPAVERINE"), negative("NOSCAPINE")]],
    ["one marker positive, the others missing", "POSITIVE", [positive("NOSCAPINE")]],
    ["one marker positive, one negative", "POSITIVE", [negative("ACETYLCODEINE"), positive("PAPAVERINE")]],
  ])("says a screen with %s is %s for street heroin", (_, expected, results) => {
    expect(streetHeroinStatus(results)).toBe(expected);
  });
});
