import { describe, expect, it } from "vitest";
import {
  checkDoseChange,
  checkDrawWithinMaximum,
  DEFAULT_DOSE_LIMITS,
  describeBreaches,
  hardLimitBreaches,
  hasHardBreach,
  increaseReference,
  lowersHardLimit,
  maxAllowedIncrease,
  validateDoseLimits,
  type DoseLimits,
  type LimitBreach,
  type SessionDoses,
} from "@/domain/dosing-limits";

const limits = DEFAULT_DOSE_LIMITS;
const doses = (amMg: number, pmMg: number): SessionDoses => ({ amMg, pmMg });
const maintenance = { induction: false };
const inductionDay = { induction: true };

/** The parts of each breach a test cares about, in order: "rule slot limit proposed kind". */
const summary = (breaches: LimitBreach[]) => breaches.map((b) => `${b.rule} ${b.slot} ${b.limitMg} ${b.proposedMg} ${b.kind}`);

describe("checkDoseChange: hard limits", () => {
  it.each<[string, SessionDoses, SessionDoses, string[]]>([
    ["accepts an AM dose exactly at the maximum single dose", doses(400, 400), doses(450, 400), []],
    ["accepts an AM dose one mg under the maximum single dose", doses(400, 400), doses(449, 400), []],
    ["refuses an AM dose one mg above the maximum single dose", doses(400, 400), doses(451, 400), ["maxSingle AM 450 451 hard"]],
    ["refuses a PM dose one mg above the maximum single dose", doses(400, 400), doses(400, 451), ["maxSingle PM 450 451 hard"]],
    ["accepts a daily total exactly at the maximum daily dose", doses(450, 450), doses(450, 450), []],
    ["accepts a daily total one mg under the maximum daily dose", doses(450, 450), doses(449, 450), []],
    ["refuses a daily total one mg above the maximum daily dose", doses(450, 400), doses(450, 451), ["maxSingle PM 450 451 hard", "maxDaily day 900 901 hard"]],
    ["refuses a dose above the maximum even when it is a decrease", doses(500, 0), doses(460, 0), ["maxSingle AM 450 460 hard"]],
    ["accepts no dose in either session", doses(100, 100), doses(0, 0), []],
  ])("%s", (_name, previous, next, expected) => {
    expect(summary(checkDoseChange(previous, next, limits, maintenance))).toEqual(expected);
  });

  it("refuses both sessions above the maximum single dose and the day above the daily maximum, in that order", () => {
    const breaches = checkDoseChange(doses(450, 450), doses(500, 460), limits, maintenance);
    expect(summary(breaches)).toEqual(["maxSingle AM 450 500 hard", "maxSingle PM 450 460 hard", "maxDaily day 900 960 hard"]);
    expect(hasHardBreach(breaches)).toBe(true);
  });
});

describe("checkDoseChange: increase cap", () => {
  it.each<[string, SessionDoses, SessionDoses, string[]]>([
    ["accepts an AM rise from 100 mg to exactly 150 mg", doses(100, 100), doses(150, 100), []],
    ["accepts an AM rise from 100 mg to 149 mg", doses(100, 100), doses(149, 100), []],
    ["asks for a reason for an AM rise from 100 mg to 151 mg", doses(100, 100), doses(151, 100), ["increaseCap AM 150 151 soft"]],
    ["asks for a reason for a PM rise from 100 mg to 151 mg", doses(100, 100), doses(100, 151), ["increaseCap PM 150 151 soft"]],
    ["rounds the cap down for odd previous doses (15 mg allows 22 mg)", doses(15, 15), doses(22, 23), ["increaseCap PM 22 23 soft"]],
    ["accepts equal doses", doses(200, 200), doses(200, 200), []],
    ["accepts decreases in both sessions", doses(300, 300), doses(100, 0), []],
  ])("%s", (_name, previous, next, expected) => {
    expect(summary(checkDoseChange(previous, next, limits, maintenance))).toEqual(expected);
  });

  it("accepts a decrease on a day marked as induction, since soft limits only concern rises", () => {
    expect(checkDoseChange(doses(100, 100), doses(50, 50), limits, inductionDay)).toEqual([]);
  });

  it("reports a hard and a soft breach at once, hard first", () => {
    const breaches = checkDoseChange(doses(200, 100), doses(460, 100), limits, maintenance);
    expect(summary(breaches)).toEqual(["maxSingle AM 450 460 hard", "increaseCap AM 300 460 soft"]);
  });

  it("lists increase-cap breaches before induction breaches", () => {
    const breaches = checkDoseChange(doses(100, 0), doses(200, 40), limits, maintenance);
    expect(summary(breaches)).toEqual(["increaseCap AM 150 200 soft", "induction PM 30 40 soft"]);
  });
});

describe("checkDoseChange: first prescription and restarts", () => {
  it.each<[string, SessionDoses | null, SessionDoses, string[]]>([
    ["accepts a first prescription of 30 mg per session", null, doses(30, 30), []],
    ["accepts a first prescription one mg under the starting limit", null, doses(29, 29), []],
    ["asks for a reason for a first AM dose one mg above the starting limit", null, doses(31, 30), ["induction AM 30 31 soft"]],
    ["asks for a reason for both first doses above the starting limit", null, doses(60, 60), ["induction AM 30 60 soft", "induction PM 30 60 soft"]],
    ["accepts a first prescription with no doses", null, doses(0, 0), []],
    ["accepts restarting a stopped AM dose at 30 mg", doses(0, 200), doses(30, 200), []],
    ["asks for a reason to restart a stopped AM dose at 31 mg, not applying the increase cap", doses(0, 200), doses(31, 200), ["induction AM 30 31 soft"]],
    ["asks for a reason to restart a stopped PM dose at 100 mg", doses(200, 0), doses(200, 100), ["induction PM 30 100 soft"]],
  ])("%s", (_name, previous, next, expected) => {
    expect(summary(checkDoseChange(previous, next, limits, maintenance))).toEqual(expected);
  });
});

describe("checkDoseChange: induction day", () => {
  it.each<[string, SessionDoses, string[]]>([
    ["accepts a first dose of 15 mg and a later dose of 30 mg", doses(15, 30), []],
    ["accepts a first dose of 14 mg and a later dose of 29 mg", doses(14, 29), []],
    ["asks for a reason for a first induction dose one mg above 15 mg", doses(16, 30), ["induction AM 15 16 soft"]],
    ["asks for a reason for a later induction dose one mg above 30 mg", doses(15, 31), ["induction PM 30 31 soft"]],
    ["treats the PM as the first dose when there is no AM dose", doses(0, 16), ["induction PM 15 16 soft"]],
    ["accepts a 15 mg PM as the only induction dose", doses(0, 15), []],
    ["reports both induction doses above their limits", doses(20, 40), ["induction AM 15 20 soft", "induction PM 30 40 soft"]],
  ])("%s", (_name, next, expected) => {
    expect(summary(checkDoseChange(null, next, limits, inductionDay))).toEqual(expected);
  });

  it("reports one induction breach per session, not a second one for the restart", () => {
    expect(summary(checkDoseChange(doses(0, 100), doses(40, 100), limits, inductionDay))).toEqual(["induction AM 15 40 soft"]);
  });
});

describe("checkDoseChange: custom limits", () => {
  const naomi: DoseLimits = { ...DEFAULT_DOSE_LIMITS, maxSingleMg: 500, maxDailyMg: 1000 };

  it.each<[string, SessionDoses, string[]]>([
    ["accepts NAOMI's 1000 mg daily maximum exactly", doses(500, 500), []],
    ["refuses one mg above NAOMI's 1000 mg daily maximum", doses(500, 501), ["maxSingle PM 500 501 hard", "maxDaily day 1000 1001 hard"]],
  ])("%s", (_name, next, expected) => {
    expect(summary(checkDoseChange(doses(450, 450), next, naomi, maintenance))).toEqual(expected);
  });

  it("refuses a daily total one mg above the maximum when each session is within its own maximum", () => {
    const wideSingle = { ...DEFAULT_DOSE_LIMITS, maxSingleMg: 500 };
    expect(summary(checkDoseChange(doses(450, 450), doses(450, 451), wideSingle, maintenance))).toEqual(["maxDaily day 900 901 hard"]);
  });

  it("applies a 10% increase cap without rounding errors (100 mg allows 110 mg)", () => {
    const tight = { ...DEFAULT_DOSE_LIMITS, maxIncreasePercent: 10 };
    expect(summary(checkDoseChange(doses(100, 100), doses(110, 111), tight, maintenance))).toEqual(["increaseCap PM 110 111 soft"]);
  });

  it("computes a 15% cap exactly, though 100 × 1.15 is 114.99… in floating point", () => {
    const limits15 = { ...DEFAULT_DOSE_LIMITS, maxIncreasePercent: 15 };
    expect(checkDoseChange(doses(100, 100), doses(115, 100), limits15, maintenance)).toEqual([]);
  });

  it("refuses limits that fail validation", () => {
    expect(() => checkDoseChange(null, doses(10, 10), { ...DEFAULT_DOSE_LIMITS, maxSingleMg: 1000 }, maintenance)).toThrow(RangeError);
  });
});

describe("checkDoseChange: invalid doses", () => {
  it.each<[string, SessionDoses | null, SessionDoses]>([
    ["a negative AM dose", null, doses(-1, 0)],
    ["a fractional PM dose", null, doses(0, 12.5)],
    ["a dose that is not a number", null, doses(Number.NaN, 0)],
    ["an infinite dose", null, doses(0, Number.POSITIVE_INFINITY)],
    ["a negative previous dose", doses(-10, 0), doses(10, 0)],
    ["a fractional previous dose", doses(10, 0.5), doses(10, 0)],
  ])("throws a RangeError for %s", (_name, previous, next) => {
    expect(() => checkDoseChange(previous, next, limits, maintenance)).toThrow(RangeError);
  });
});

describe("hasHardBreach and describeBreaches", () => {
  it("finds no hard breach among soft ones", () => {
    expect(hasHardBreach(checkDoseChange(doses(100, 100), doses(200, 100), limits, maintenance))).toBe(false);
    expect(hasHardBreach([])).toBe(false);
  });

  it("describes a single breach as the prescriber reads it", () => {
    expect(describeBreaches(checkDoseChange(doses(400, 400), doses(500, 400), limits, maintenance))).toBe(
      "AM dose 500 mg is above the maximum single dose of 450 mg.",
    );
  });

  it("joins several breaches into one sentence, every dose with its unit", () => {
    const text = describeBreaches(checkDoseChange(doses(450, 300), doses(500, 450), limits, maintenance));
    expect(text).toBe(
      "AM dose 500 mg is above the maximum single dose of 450 mg; daily total 950 mg is above the maximum daily dose of 900 mg.",
    );
  });

  it.each<[string, SessionDoses | null, SessionDoses, { induction: boolean }, string]>([
    ["an increase", doses(100, 100), doses(151, 100), maintenance, "AM dose 151 mg is more than 50% above the previous AM dose of 100 mg (at most 150 mg)."],
    ["a first prescription", null, doses(40, 0), maintenance, "AM dose 40 mg is above the limit of 30 mg for a first prescription."],
    ["a restart", doses(100, 0), doses(100, 40), maintenance, "PM dose 40 mg is above the limit of 30 mg for restarting a stopped PM dose."],
    ["a first induction dose", null, doses(20, 0), inductionDay, "AM dose 20 mg is above the limit of 15 mg for the first induction dose."],
    ["a later induction dose", null, doses(15, 35), inductionDay, "PM dose 35 mg is above the limit of 30 mg for further induction doses."],
  ])("describes %s with the limit in mg", (_name, previous, next, options, expected) => {
    expect(describeBreaches(checkDoseChange(previous, next, limits, options))).toBe(expected);
  });

  it("describes no breaches as an empty string", () => {
    expect(describeBreaches([])).toBe("");
  });
});

describe("maxAllowedIncrease", () => {
  it.each<[string, number, DoseLimits, number]>([
    ["allows 150 mg after 100 mg", 100, limits, 150],
    ["rounds down: 22 mg after 15 mg", 15, limits, 22],
    ["allows the restart ceiling of 30 mg after a stopped session", 0, limits, 30],
    ["never goes above the maximum single dose (400 mg → 450 mg, not 600 mg)", 400, limits, 450],
    ["follows a custom percentage (25% of 200 mg → 250 mg)", 200, { ...DEFAULT_DOSE_LIMITS, maxIncreasePercent: 25 }, 250],
  ])("%s", (_name, previousMg, custom, expected) => {
    expect(maxAllowedIncrease(previousMg, custom)).toBe(expected);
  });

  it("agrees with checkDoseChange at the cap and one above it", () => {
    for (const previousMg of [1, 7, 15, 33, 100, 299]) {
      const cap = maxAllowedIncrease(previousMg, limits);
      expect(checkDoseChange(doses(previousMg, 0), doses(cap, 0), limits, maintenance)).toEqual([]);
      expect(checkDoseChange(doses(previousMg, 0), doses(cap + 1, 0), limits, maintenance)).not.toEqual([]);
    }
  });

  it.each([-1, 1.5, Number.NaN])("throws a RangeError for a previous dose of %s", (previousMg) => {
    expect(() => maxAllowedIncrease(previousMg, limits)).toThrow(RangeError);
  });
});

describe("validateDoseLimits", () => {
  it("accepts the defaults", () => {
    expect(validateDoseLimits(DEFAULT_DOSE_LIMITS)).toEqual([]);
  });

  it.each<[string, Partial<DoseLimits>, number]>([
    ["accepts NAOMI's 1000 mg daily maximum", { maxDailyMg: 1000 }, 0],
    ["accepts a single maximum equal to the daily maximum", { maxSingleMg: 450, maxDailyMg: 450 }, 0],
    ["accepts a 500 mg single maximum, the ceiling no clinic may pass", { maxSingleMg: 500 }, 0],
    ["refuses a 501 mg single maximum, one past the ceiling", { maxSingleMg: 501, maxDailyMg: 1000 }, 1],
    ["refuses a 1001 mg daily maximum, one past the ceiling", { maxDailyMg: 1001 }, 1],
    ["accepts induction doses equal to each other", { inductionFirstDoseMg: 30 }, 0],
    ["accepts an increase of 1%", { maxIncreasePercent: 1 }, 0],
    ["accepts an increase of 100%, the ceiling no clinic may pass", { maxIncreasePercent: 100 }, 0],
    ["refuses a single maximum above the daily maximum", { maxDailyMg: 449 }, 1],
    ["refuses a first induction dose above the later one", { inductionFirstDoseMg: 31 }, 1],
    ["refuses a later induction dose above the single maximum", { maxSingleMg: 29, inductionFirstDoseMg: 10 }, 1],
    ["refuses a zero daily maximum", { maxDailyMg: 0 }, 2],
    ["refuses a fractional single maximum", { maxSingleMg: 450.5 }, 1],
    ["refuses an increase of 0%", { maxIncreasePercent: 0 }, 1],
    ["refuses an increase of 101%, one past the ceiling", { maxIncreasePercent: 101 }, 1],
    ["refuses an increase of 1000%", { maxIncreasePercent: 1000 }, 1],
    ["refuses a negative first induction dose", { inductionFirstDoseMg: -15 }, 1],
    ["refuses a maximum that is not a number", { maxDailyMg: Number.NaN }, 1],
  ])("%s", (_name, change, problemCount) => {
    const problems = validateDoseLimits({ ...DEFAULT_DOSE_LIMITS, ...change });
    expect(problems).toHaveLength(problemCount);
    for (const problem of problems) expect(problem).toMatch(/\.$/);
  });

  it("names the doses with units when they are out of order", () => {
    expect(validateDoseLimits({ ...DEFAULT_DOSE_LIMITS, maxDailyMg: 449 })).toEqual([
      "The maximum single dose (450 mg) must not be above the maximum daily dose (449 mg).",
    ]);
  });
});

describe("what a change of dose is measured against", () => {
  it.each([
    ["the episode's first prescription", { hasPrescription: false, prescribed24hAgo: null, givenLast24h: { amMg: null, pmMg: null } }, null],
    ["prescribed a day ago and given as prescribed", { hasPrescription: true, prescribed24hAgo: { amMg: 100, pmMg: 120 }, givenLast24h: { amMg: 100, pmMg: 120 } }, { amMg: 100, pmMg: 120 }],
    ["raised a minute ago: still the day-old prescription", { hasPrescription: true, prescribed24hAgo: { amMg: 30, pmMg: 30 }, givenLast24h: { amMg: null, pmMg: null } }, { amMg: 30, pmMg: 30 }],
    ["given less than prescribed", { hasPrescription: true, prescribed24hAgo: { amMg: 200, pmMg: 200 }, givenLast24h: { amMg: 150, pmMg: null } }, { amMg: 150, pmMg: 200 }],
    ["started today: what was given, else stopped", { hasPrescription: true, prescribed24hAgo: null, givenLast24h: { amMg: 15, pmMg: null } }, { amMg: 15, pmMg: 0 }],
  ] as const)("%s", (_, input, expected) => {
    expect(increaseReference(input)).toEqual(expected);
  });

  it("turns eight quick saves 30 → 450 mg into one rise, over the cap", () => {
    const reference = increaseReference({ hasPrescription: true, prescribed24hAgo: { amMg: 30, pmMg: 30 }, givenLast24h: { amMg: 30, pmMg: 30 } });
    const breaches = checkDoseChange(reference, { amMg: 450, pmMg: 450 }, DEFAULT_DOSE_LIMITS, { induction: false });
    expect(breaches.filter((b) => b.rule === "increaseCap").map((b) => b.limitMg)).toEqual([45, 45]);
  });
});

describe("when the clinic lowers its hard limits", () => {
  const lowered: DoseLimits = { ...DEFAULT_DOSE_LIMITS, maxSingleMg: 300, maxDailyMg: 500 };

  it.each<[string, SessionDoses, string[]]>([
    ["holds nothing at both limits", doses(300, 200), []],
    ["finds an AM dose one mg above the single maximum", doses(301, 100), ["maxSingle AM 300 301 hard"]],
    ["finds a daily total one mg above the daily maximum", doses(250, 251), ["maxDaily day 500 501 hard"]],
    ["finds both, single before daily", doses(400, 200), ["maxSingle AM 300 400 hard", "maxDaily day 500 600 hard"]],
  ])("%s", (_name, prescribed, expected) => {
    expect(summary(hardLimitBreaches(prescribed, lowered))).toEqual(expected);
  });

  it.each<[string, Partial<DoseLimits>, boolean]>([
    ["a lower single maximum lowers a hard limit", { maxSingleMg: 449 }, true],
    ["a lower daily maximum lowers a hard limit", { maxDailyMg: 899 }, true],
    ["the same maxima do not", {}, false],
    ["higher maxima do not", { maxSingleMg: 500, maxDailyMg: 1000 }, false],
    ["a lower soft limit does not", { maxIncreasePercent: 25 }, false],
  ])("%s", (_name, change, expected) => {
    expect(lowersHardLimit(DEFAULT_DOSE_LIMITS, { ...DEFAULT_DOSE_LIMITS, ...change })).toBe(expected);
  });

  it("lets a draw at the maximum single dose through, and refuses one mg above it", () => {
    expect(checkDrawWithinMaximum(300, lowered)).toEqual({ ok: true });
    expect(checkDrawWithinMaximum(301, lowered)).toMatchObject({ ok: false, reason: expect.stringContaining("maximum single dose of 300 mg") });
  });
});
