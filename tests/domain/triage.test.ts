import { describe, expect, it } from "vitest";
import { FOLD_FINISHED_AFTER_MINUTES, STEP_LOG_CHARACTERS, isFolded, matchesSearch, stepLog, stepLogEntry, triageGroup, type LoggedStep, type TriageGroup, type TriageStatus } from "@/domain/triage";

describe("which group a Today card is in", () => {
  const cases: [TriageStatus, boolean, TriageGroup][] = [
    ["WAITING", false, "WAITING"],
    ["WAITING", true, "ON_HOLD"],
    ["CHECKED_IN", false, "IN_PROGRESS"],
    ["CHECKED_IN", true, "ON_HOLD"],
    ["ASSESSED", false, "IN_PROGRESS"],
    ["ASSESSED", true, "ON_HOLD"],
    ["DRAWN", false, "IN_PROGRESS"],
    // A hard hold placed after the draw: the dose waits for a prescriber.
    ["DRAWN", true, "ON_HOLD"],
    ["OBSERVING", false, "OBSERVING"],
    // Given already: watching them comes first.
    ["OBSERVING", true, "OBSERVING"],
    ["SIGNED_OFF", false, "FINISHED"],
    ["SIGNED_OFF", true, "FINISHED"],
    ["WITHHELD", false, "FINISHED"],
    ["WITHHELD", true, "FINISHED"],
    ["DECLINED", false, "FINISHED"],
    ["DECLINED", true, "FINISHED"],
    ["MISSED", false, "FINISHED"],
    ["MISSED", true, "FINISHED"],
  ];
  it.each(cases)("puts %s (hard hold: %s) in %s", (status, hardHold, group) => {
    expect(triageGroup({ status, hardHold })).toBe(group);
  });
});

describe("when a finished card folds away to the end", () => {
  const now = new Date("2026-03-10T10:00:00Z");
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const fold = FOLD_FINISHED_AFTER_MINUTES * 60_000;
  it("stays in place for the minutes after its last step, then folds", () => {
    expect(isFolded({ group: "FINISHED", lastStepAt: ago(0) }, now)).toBe(false);
    expect(isFolded({ group: "FINISHED", lastStepAt: ago(fold - 1) }, now)).toBe(false);
    expect(isFolded({ group: "FINISHED", lastStepAt: ago(fold) }, now)).toBe(true);
    expect(isFolded({ group: "FINISHED", lastStepAt: ago(fold * 10) }, now)).toBe(true);
  });
  it("folds a finished card without steps (missed at a close before the page was opened) at once", () => {
    expect(isFolded({ group: "FINISHED", lastStepAt: null }, now)).toBe(true);
  });
  it.each(["WAITING", "IN_PROGRESS", "OBSERVING", "ON_HOLD"] as const)("never folds a card %s", (group) => {
    expect(isFolded({ group, lastStepAt: null }, now)).toBe(false);
    expect(isFolded({ group, lastStepAt: ago(fold * 10) }, now)).toBe(false);
  });
});

describe("the name and reference search", () => {
  const sam = { name: "Sam O'Brien-Jones", reference: "HAT-0012" };
  const zoe = { name: "Zoë Smith", reference: "HAT-0120" };
  it.each([
    ["", true],
    ["   ", true],
    ["sam", true],
    ["SAM", true],
    ["jones sam", true],
    ["obrien", true],
    ["o'brien", true],
    ["HAT-0012", true],
    ["hat0012", true],
    ["0012", true],
    ["12", true],
    ["sam 0012", true],
    ["sam 0120", false],
    ["samuel", false],
    ["zoe", false],
  ])("for %j matches Sam: %s", (query, matches) => {
    expect(matchesSearch(query, sam)).toBe(matches);
  });
  it("finds an accented name typed without the accent, and the reference's digits anywhere", () => {
    expect(matchesSearch("zoe", zoe)).toBe(true);
    expect(matchesSearch("ZOË smi", zoe)).toBe(true);
    expect(matchesSearch("012", zoe)).toBe(true);
    expect(matchesSearch("0012", zoe)).toBe(false);
  });
});

describe("the card's step log", () => {
  const at = (hhmm: string) => new Date(`2026-03-10T${hhmm}:00Z`); // GMT: clinic time is UTC in March before the clocks change
  const step = (s: LoggedStep["step"], hhmm: string, by = "Sam Nurse", witness: string | null = null): LoggedStep => ({ step: s, at: at(hhmm), by, witness });

  it("says the time, the step and who took it (and witnessed it)", () => {
    expect(stepLogEntry(step("CHECK_IN", "08:02"))).toBe("08:02 checked in by Sam Nurse");
    expect(stepLogEntry(step("DRAW", "08:10", "Sam Nurse", "Tom Reilly"))).toBe("08:10 dose drawn by Sam Nurse, witnessed by Tom Reilly");
  });

  it("is empty before the first step", () => {
    expect(stepLog([])).toEqual({ entries: [], earlier: 0 });
  });

  it("lists every step, oldest first, while they fit", () => {
    const log = stepLog([step("CHECK_IN", "08:02"), step("ASSESSMENT", "08:05", "Amy Lead")]);
    expect(log).toEqual({ entries: ["08:02 checked in by Sam Nurse", "08:05 assessed by Amy Lead"], earlier: 0 });
  });

  it("drops the oldest steps first when they do not fit in two lines, never the latest", () => {
    const steps = [step("CHECK_IN", "08:02"), step("ASSESSMENT", "08:05"), step("DRAW", "08:10", "Sam Nurse", "Tom Reilly"), step("ADMINISTER", "08:12"), step("SIGN_OFF", "08:35")];
    const log = stepLog(steps);
    expect(log.entries.at(-1)).toBe("08:35 signed off by Sam Nurse");
    expect(log.entries.join(" · ").length).toBeLessThanOrEqual(STEP_LOG_CHARACTERS);
    expect(log.earlier + log.entries.length).toBe(steps.length);
    expect(log.earlier).toBeGreaterThan(0);
    expect(log.entries).toEqual(steps.slice(log.earlier).map(stepLogEntry));
  });

  it("keeps the latest step even when it alone is longer than the budget", () => {
    const long = step("DRAW", "08:10", "A Very Long Name Indeed".repeat(4), "Another Very Long Name".repeat(4));
    expect(stepLog([step("CHECK_IN", "08:02"), long])).toEqual({ entries: [stepLogEntry(long)], earlier: 1 });
  });

  it("fits exactly at the budget and leaves one out a character over", () => {
    const steps = [step("CHECK_IN", "08:02"), step("ASSESSMENT", "08:05")];
    const exact = steps.map(stepLogEntry).join(" · ").length;
    expect(stepLog(steps, exact).earlier).toBe(0);
    expect(stepLog(steps, exact - 1).earlier).toBe(1);
  });
});
