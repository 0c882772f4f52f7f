import { describe, expect, it } from "vitest";
import { breakEndsInHold, holdNeedsNewPrescription, restartBreaches, restartProposal } from "@/domain/restart";

describe("restarting after a gap", () => {
  it.each([
    ["MISSED_DOSES", true],
    ["INDUCTION_MISS", true],
    ["BREAK_RETURN", true],
    ["MANUAL", false],
  ])("a %s hold is cleared only by a new prescription: %s", (source, needed) => {
    expect(holdNeedsNewPrescription(source)).toBe(needed);
  });

  it.each([
    ["CUSTODY_REMAND", 1, true],
    ["HOSPITAL", 1, true],
    ["OTHER", 2, false],
    ["OTHER", 3, true],
    ["MENTAL_HEALTH", 10, true],
    ["PHYSICAL_HEALTH", 0, false],
  ])("a %s break of %i days ends in a hard hold (threshold 3): %s", (reason, days, hold) => {
    expect(breakEndsInHold({ reason, days }, 3)).toBe(hold);
  });

  it("proposes a share of the last dose given in each session, in whole mg", () => {
    expect(restartProposal({ amMg: 150, pmMg: 175 }, 50)).toEqual({ amMg: 75, pmMg: 87 });
    expect(restartProposal({ amMg: 150, pmMg: null }, 50)).toEqual({ amMg: 75, pmMg: 0 });
    expect(restartProposal({ amMg: 200, pmMg: 200 }, 100)).toEqual({ amMg: 200, pmMg: 200 });
  });

  it.each([
    [{ amMg: 149, pmMg: 75 }, []],
    [{ amMg: 150, pmMg: 75 }, ["AM"]],
    [{ amMg: 300, pmMg: 150 }, ["AM", "PM"]],
  ])("asks for a reason to restart at or above the last dose given (150/150): %j", (next, slots) => {
    expect(restartBreaches(next, { amMg: 150, pmMg: 150 }).map((b) => b.slot)).toEqual(slots);
  });

  it("has nothing to compare with in a session never dosed", () => {
    expect(restartBreaches({ amMg: 30, pmMg: 30 }, { amMg: null, pmMg: 0 })).toEqual([]);
  });
});
