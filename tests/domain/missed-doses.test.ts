import { describe, expect, it } from "vitest";
import { addLocalDays, type LocalDate, type SessionKey } from "@/domain/clinic-time";
import {
  daysWithoutDose,
  DEFAULT_MISSED_DOSE_POLICY,
  missedDoseHold,
  type SessionOutcome,
  type SessionRecord,
} from "@/domain/missed-doses";

/**
 * Days written as "AM/PM" outcome codes from a start date, one string per day:
 * D = DOSED, P = PARTIAL, W = WITHHELD, X = DECLINED, M = MISSED, N = NOT_EXPECTED, - = no record.
 */
const CODES: Record<string, SessionOutcome> = { D: "DOSED", P: "PARTIAL", W: "WITHHELD", X: "DECLINED", M: "MISSED", N: "NOT_EXPECTED" };

function history(start: LocalDate, days: string[]): SessionRecord[] {
  return days.flatMap((day, i) => {
    const date = addLocalDays(start, i);
    return (["AM", "PM"] as const).flatMap((slot, j) => {
      const code = day[j];
      if (code === undefined || code === "-") return [];
      const outcome = CODES[code];
      if (!outcome) throw new Error(`Unknown code ${code}`);
      return [{ date, slot, outcome }];
    });
  });
}

/** The last session written in the history. */
function lastSession(start: LocalDate, days: string[]): SessionKey {
  const last = days[days.length - 1] ?? "";
  return { date: addLocalDays(start, days.length - 1), slot: last.length === 2 && last[1] !== "-" ? "PM" : "AM" };
}

const START = "2026-06-01";

describe("days without a dose", () => {
  it.each([
    // [case, days from START, expected]
    ["a dose in the closing session", ["DD", "DD"], 0],
    ["a dose in the morning, missed in the afternoon", ["DD", "DM"], 0],
    ["one whole day missed", ["DD", "MM"], 1],
    ["two whole days missed", ["DD", "MM", "MM"], 2],
    ["three whole days missed", ["DD", "MM", "MM", "MM"], 3],
    ["the third day's AM missed, its PM not yet closed", ["DD", "MM", "MM", "M"], 3],
    ["a partial dose, which counts as dosed", ["DD", "MM", "PM", "MM"], 1],
    ["withheld doses, which count as days without a dose", ["DD", "WW", "WM", "MW"], 3],
    ["declined doses, which count as days without a dose", ["DD", "XX", "MX", "XX"], 3],
    ["a dose resetting the run", ["MM", "MM", "DM", "MM", "MM"], 2],
    ["break days in the run, skipped", ["DD", "MM", "NN", "NN", "MM", "MM"], 3],
    ["break days alone", ["DD", "NN", "NN", "NN"], 0],
    ["a half day on break with the other half missed", ["DD", "NM", "MM"], 2],
    ["the closing session itself on a break", ["DD", "MM", "MM", "N"], 2],
    ["a day with no record at all inside the history", ["DD", "MM", "--", "MM"], 3],
    ["a history that starts with missed days", ["MM", "MM"], 2],
    ["Christmas Day missed like any other day", ["DD", "DD", "MM", "MM", "MM"], 3],
  ])("counts %s", (_, days, expected) => {
    expect(daysWithoutDose(history(START, days), lastSession(START, days))).toBe(expected);
  });

  it("counts nothing for no records", () => {
    expect(daysWithoutDose([], { date: START, slot: "AM" })).toBe(0);
  });

  it("ignores sessions after the one it counts up to", () => {
    const records = history(START, ["DD", "MM", "MM", "MD", "DD"]);
    expect(daysWithoutDose(records, { date: "2026-06-04", slot: "AM" })).toBe(3);
    expect(daysWithoutDose(records, { date: "2026-06-04", slot: "PM" })).toBe(0);
    expect(daysWithoutDose(records, { date: "2026-06-03", slot: "PM" })).toBe(2);
  });

  it("counts calendar days across the spring-forward and autumn-back days", () => {
    expect(daysWithoutDose(history("2026-03-27", ["DD", "MM", "MM", "MM"]), { date: "2026-03-30", slot: "PM" })).toBe(3);
    expect(daysWithoutDose(history("2026-10-23", ["DD", "MM", "MM", "MM"]), { date: "2026-10-26", slot: "PM" })).toBe(3);
  });

  it("counts Christmas Day, when sessions run as normal", () => {
    expect(daysWithoutDose(history("2026-12-23", ["DD", "MM", "MM", "MM"]), { date: "2026-12-26", slot: "PM" })).toBe(3);
  });

  it("does not depend on the order of the records", () => {
    const records = history(START, ["DD", "MM", "NN", "MM", "MM"]).reverse();
    expect(daysWithoutDose(records, { date: "2026-06-05", slot: "PM" })).toBe(3);
  });
});

describe("the missed-dose hold when a session closes", () => {
  const policy = DEFAULT_MISSED_DOSE_POLICY;
  const hold = (days: string[], inInduction = false, p = policy) =>
    missedDoseHold({ records: history(START, days), closing: lastSession(START, days), inInduction, policy: p });

  it("has the documented defaults", () => {
    expect(DEFAULT_MISSED_DOSE_POLICY).toEqual({ consecutiveDaysWithoutDoseForHardHold: 3, holdOnAnyMissDuringInduction: true });
  });

  it.each([
    ["after a dose", ["DD", "DD"]],
    ["after 1 day without a dose", ["DD", "MM"]],
    ["after 2 days without a dose", ["DD", "MM", "MM"]],
    ["after 2 days without a dose and 3 break days", ["DD", "MM", "NN", "NN", "NN", "MM"]],
    ["when a dose resets the run", ["MM", "MM", "DM", "MM"]],
    ["when partial doses break up the misses", ["MM", "PM", "MM", "MP"]],
    ["on a break day after 2 days without a dose", ["DD", "MM", "MM", "NN"]],
  ])("puts no hold %s", (_, days) => {
    expect(hold(days)).toBeNull();
  });

  it.each([
    ["after 3 days without a dose", ["DD", "MM", "MM", "MM"], 3],
    ["as soon as the third day's AM is missed", ["DD", "MM", "MM", "M"], 3],
    ["after 3 days without a dose with break days between", ["DD", "MM", "NN", "MM", "NN", "MM"], 3],
    ["after 3 days of withheld doses", ["DD", "WW", "WW", "WW"], 3],
    ["after 3 days mixing withheld, declined and missed", ["DD", "WM", "XM", "MW"], 3],
    ["after 4 days without a dose", ["DD", "MM", "MM", "MM", "MM"], 4],
  ])("puts a hard hold %s", (_, days, n) => {
    expect(hold(days)).toEqual({
      kind: "HARD",
      source: "MISSED_DOSES",
      reason: `No dose for ${n} consecutive days: prescriber review before the next dose.`,
    });
  });

  it("holds after 3 days without a dose across the spring-forward day", () => {
    const records = history("2026-03-27", ["DD", "MM", "MM", "MM"]);
    expect(missedDoseHold({ records, closing: { date: "2026-03-30", slot: "PM" }, inInduction: false, policy })).toMatchObject({
      source: "MISSED_DOSES",
    });
  });

  it("applies the clinic's own threshold", () => {
    const two = { ...policy, consecutiveDaysWithoutDoseForHardHold: 2 };
    expect(hold(["DD", "MM"], false, two)).toBeNull();
    expect(hold(["DD", "MM", "MM"], false, two)).toMatchObject({ source: "MISSED_DOSES" });
  });

  it("reads a threshold below one day as one day", () => {
    const zero = { ...policy, consecutiveDaysWithoutDoseForHardHold: 0 };
    expect(hold(["DD", "DD"], false, zero)).toBeNull();
    expect(hold(["DD", "MM"], false, zero)).toMatchObject({ source: "MISSED_DOSES" });
  });

  describe("during induction or titration", () => {
    const inductionHold = {
      kind: "HARD",
      source: "INDUCTION_MISS",
      reason: "Missed a session during induction or titration: prescriber review before the next dose.",
    };

    it("holds after a single missed session", () => {
      expect(hold(["DM"], true)).toEqual(inductionHold);
      expect(hold(["M"], true)).toEqual(inductionHold);
    });

    it.each([
      ["a dosed session", ["DD"]],
      ["a partial dose", ["DP"]],
      ["a withheld dose (a nurse's decision, already recorded)", ["DW"]],
      ["a declined dose (the participant attended)", ["DX"]],
      ["a session on a break", ["DN"]],
    ])("does not hold after %s", (_, days) => {
      expect(hold(days, true)).toBeNull();
    });

    it("holds only for the session being closed, not an earlier one already reviewed", () => {
      expect(hold(["MD"], true)).toBeNull();
    });

    it("does not hold on a single miss when the clinic turned the rule off", () => {
      expect(hold(["DM"], true, { ...policy, holdOnAnyMissDuringInduction: false })).toBeNull();
    });

    it("still applies the days-without-a-dose rule", () => {
      expect(hold(["DD", "WW", "WW", "WW"], true)).toMatchObject({ source: "MISSED_DOSES" });
      expect(hold(["DD", "MM", "MM", "MM"], true, { ...policy, holdOnAnyMissDuringInduction: false })).toMatchObject({
        source: "MISSED_DOSES",
      });
    });

    it("gives the induction hold precedence when both apply", () => {
      expect(hold(["DD", "MM", "MM", "MM"], true)).toEqual(inductionHold);
    });
  });

  it("does not apply the induction rule outside induction", () => {
    expect(hold(["DM"], false)).toBeNull();
  });
});
