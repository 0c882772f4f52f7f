import { describe, expect, it } from "vitest";
import {
  checkOralChange,
  DEFAULT_ORAL_LIMITS,
  describeBreaches,
  hasHardBreach,
  validateOralLimits,
  type LimitBreach,
  type OralDose,
  type OralLimits,
} from "@/domain/dosing-limits";

const limits = DEFAULT_ORAL_LIMITS;
const methadone = (mgPerDay: number): OralDose => ({ drug: "METHADONE", mgPerDay });
const srom = (mgPerDay: number): OralDose => ({ drug: "SLOW_RELEASE_ORAL_MORPHINE", mgPerDay });
/** The version in force had this oral co-prescription (null: none). */
const was = (oral: OralDose | null) => ({ oral });
/** The participant's first prescription of the episode. */
const first = null;

/** "rule limit proposed kind" for each breach, in order. */
const summary = (breaches: LimitBreach[]) => breaches.map((b) => `${b.rule} ${b.limitMg} ${b.proposedMg} ${b.kind}`);

describe("checkOralChange: defaults", () => {
  it("are the clinic settings' defaults: methadone 120 mg a day usual, 200 mg never; SROM 800 and 1200", () => {
    expect(DEFAULT_ORAL_LIMITS).toEqual({
      METHADONE: { softDailyMg: 120, hardDailyMg: 200 },
      SLOW_RELEASE_ORAL_MORPHINE: { softDailyMg: 800, hardDailyMg: 1200 },
    });
    expect(validateOralLimits(DEFAULT_ORAL_LIMITS)).toEqual([]);
  });
});

describe("checkOralChange: daily limits on a first prescription", () => {
  it.each<[string, OralDose | null, string[]]>([
    ["accepts no oral co-prescription", null, []],
    ["accepts methadone one mg under the usual maximum", methadone(119), []],
    ["accepts methadone exactly at the usual maximum", methadone(120), []],
    ["asks for a reason one mg over the usual maximum for methadone", methadone(121), ["oralUsualDaily 120 121 soft"]],
    ["asks for a reason for methadone exactly at the maximum", methadone(200), ["oralUsualDaily 120 200 soft"]],
    ["refuses methadone one mg over the maximum", methadone(201), ["oralMaxDaily 200 201 hard"]],
    ["refuses methadone 1000 mg a day (issue 15, finding 8)", methadone(1000), ["oralMaxDaily 200 1000 hard"]],
    ["accepts SROM exactly at the usual maximum", srom(800), []],
    ["asks for a reason one mg over the usual maximum for SROM", srom(801), ["oralUsualDaily 800 801 soft"]],
    ["asks for a reason for SROM 1000 mg a day (issue 15, finding 8)", srom(1000), ["oralUsualDaily 800 1000 soft"]],
    ["asks for a reason for SROM exactly at the maximum", srom(1200), ["oralUsualDaily 800 1200 soft"]],
    ["refuses SROM one mg over the maximum", srom(1201), ["oralMaxDaily 1200 1201 hard"]],
  ])("%s", (_name, next, expected) => {
    expect(summary(checkOralChange(first, next, limits))).toEqual(expected);
  });

  it("does not ask for a reason to continue an oral dose the person arrives on, within the usual maximum", () => {
    expect(checkOralChange(first, methadone(90), limits)).toEqual([]);
  });
});

describe("checkOralChange: a rise over the version in force", () => {
  it.each<[string, OralDose | null, OralDose | null, string[]]>([
    ["accepts the same methadone dose", methadone(60), methadone(60), []],
    ["accepts a lower methadone dose", methadone(60), methadone(40), []],
    ["accepts stopping the oral co-prescription", methadone(60), null, []],
    ["asks for a reason for a rise of one mg", methadone(60), methadone(61), ["oralRise 60 61 soft"]],
    ["asks for a reason for a rise of SROM", srom(400), srom(500), ["oralRise 400 500 soft"]],
    ["asks for a reason to add an oral co-prescription where there was none", null, methadone(30), ["oralRise 0 30 soft"]],
    ["asks for a reason to switch from methadone to SROM, whatever the numbers", methadone(100), srom(60), ["oralRise 0 60 soft"]],
    ["lists the usual maximum before the rise when a rise passes it", methadone(100), methadone(130), ["oralUsualDaily 120 130 soft", "oralRise 100 130 soft"]],
    ["refuses a rise past the maximum, naming only the limit that cannot be passed", methadone(150), methadone(201), ["oralMaxDaily 200 201 hard"]],
  ])("%s", (_name, previous, next, expected) => {
    expect(summary(checkOralChange(was(previous), next, limits))).toEqual(expected);
  });

  it("does not ask again for a reason to keep a dose above the usual maximum that was accepted with one", () => {
    expect(checkOralChange(was(methadone(150)), methadone(150), limits)).toEqual([]);
    expect(checkOralChange(was(methadone(150)), methadone(140), limits)).toEqual([]);
  });

  it("refuses a dose above the maximum even when it is unchanged or lower (the limit may have been lowered since)", () => {
    const lowered: OralLimits = { ...limits, METHADONE: { softDailyMg: 100, hardDailyMg: 150 } };
    expect(summary(checkOralChange(was(methadone(180)), methadone(160), lowered))).toEqual(["oralMaxDaily 150 160 hard"]);
  });
});

describe("checkOralChange: messages", () => {
  it("names the medicine, the dose a day and the limit, as the prescriber reads them", () => {
    expect(checkOralChange(first, methadone(1000), limits)[0]!.message).toBe("Methadone 1000 mg a day is above the maximum of 200 mg a day.");
    expect(checkOralChange(first, srom(1000), limits)[0]!.message).toBe("Slow-release oral morphine 1000 mg a day is above the usual maximum of 800 mg a day.");
    expect(checkOralChange(was(methadone(60)), methadone(70), limits)[0]!.message).toBe("Methadone 70 mg a day is a rise from 60 mg a day.");
    expect(checkOralChange(was(null), methadone(30), limits)[0]!.message).toBe("Methadone 30 mg a day is added to a prescription that had no oral medicine.");
    expect(checkOralChange(was(methadone(60)), srom(200), limits)[0]!.message).toBe("Slow-release oral morphine 200 mg a day replaces methadone 60 mg a day.");
  });

  it("is marked hard only above the maximum, and joins the IV breaches' sentence", () => {
    const breaches = checkOralChange(was(methadone(100)), methadone(130), limits);
    expect(hasHardBreach(breaches)).toBe(false);
    expect(describeBreaches(breaches)).toBe("Methadone 130 mg a day is above the usual maximum of 120 mg a day; methadone 130 mg a day is a rise from 100 mg a day.");
    expect(breaches.every((b) => b.slot === "oral")).toBe(true);
  });
});

describe("checkOralChange: invalid input", () => {
  it.each([-1, 1.5, Number.NaN])("throws a RangeError for an oral dose of %s mg", (mg) => {
    expect(() => checkOralChange(first, methadone(mg), limits)).toThrow(RangeError);
  });

  it("throws a RangeError for limits that fail validation", () => {
    expect(() => checkOralChange(first, methadone(10), { ...limits, METHADONE: { softDailyMg: 300, hardDailyMg: 200 } })).toThrow(RangeError);
  });
});

describe("validateOralLimits", () => {
  it.each<[string, OralLimits, RegExp]>([
    ["a usual maximum above the maximum", { ...limits, METHADONE: { softDailyMg: 201, hardDailyMg: 200 } }, /methadone usual maximum \(201 mg a day\) must not be above its maximum \(200 mg a day\)/i],
    ["a zero limit", { ...limits, SLOW_RELEASE_ORAL_MORPHINE: { softDailyMg: 0, hardDailyMg: 1200 } }, /slow-release oral morphine.*whole number of mg above 0/i],
    ["a fractional limit", { ...limits, METHADONE: { softDailyMg: 120, hardDailyMg: 200.5 } }, /methadone.*whole number of mg above 0/i],
  ])("refuses %s", (_name, bad, message) => {
    expect(validateOralLimits(bad).join(" ")).toMatch(message);
  });

  it("accepts a usual maximum equal to the maximum", () => {
    expect(validateOralLimits({ ...limits, METHADONE: { softDailyMg: 200, hardDailyMg: 200 } })).toEqual([]);
  });
});
