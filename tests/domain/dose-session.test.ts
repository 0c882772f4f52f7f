import { describe, expect, it } from "vitest";
import { DEFAULT_SESSION_WINDOWS, type SessionKey, type SessionWindows } from "@/domain/clinic-time";
import {
  assessmentConcerns,
  checkDrawnDose,
  checkSignOff,
  checkSpacing,
  checkWindow,
  administrationRecheck,
  checkAssessmentFresh,
  checkDailyTotal,
  checkCheckInOpen,
  checkGivenDose,
  checkManualClose,
  closeEffect,
  DEFAULT_ASSESSMENT_POLICY,
  DEFAULT_DOSE_TIMING,
  isDoseInProgress,
  lastDoseMoment,
  lateDoseEndsAt,
  mayTakeStep,
  nextStageFor,
  nextStep,
  observationEndsAt,
  stepsOpenAt,
  type AssessmentFindings,
  type DoseStage,
  type DoseStep,
  type NextStepContext,
  type StepRefusal,
} from "@/domain/dose-session";

const at = (iso: string) => new Date(iso);

describe("the gated order of a dose session", () => {
  const STAGES: DoseStage[] = ["WAITING", "CHECKED_IN", "ASSESSED", "DRAWN", "ADMINISTERED", "SIGNED_OFF", "CLOSED"];
  const STEPS: DoseStep[] = ["CHECK_IN", "ASSESSMENT", "AUTHORISE_LATE", "DRAW", "ADMINISTER", "SIGN_OFF", "WITHHOLD", "DECLINE"];
  const ALLOWED: [DoseStep, DoseStage, DoseStage][] = [
    ["CHECK_IN", "WAITING", "CHECKED_IN"],
    ["ASSESSMENT", "CHECKED_IN", "ASSESSED"],
    // A re-assessment is a new event; the latest counts.
    ["ASSESSMENT", "ASSESSED", "ASSESSED"],
    // A late-dose authorisation is an event of the session that does not move it.
    ["AUTHORISE_LATE", "CHECKED_IN", "CHECKED_IN"],
    ["AUTHORISE_LATE", "ASSESSED", "ASSESSED"],
    ["DRAW", "ASSESSED", "DRAWN"],
    ["ADMINISTER", "DRAWN", "ADMINISTERED"],
    ["SIGN_OFF", "ADMINISTERED", "SIGNED_OFF"],
    ["WITHHOLD", "CHECKED_IN", "CLOSED"],
    ["WITHHOLD", "ASSESSED", "CLOSED"],
    ["WITHHOLD", "DRAWN", "CLOSED"],
    ["DECLINE", "WAITING", "CLOSED"],
    ["DECLINE", "CHECKED_IN", "CLOSED"],
    ["DECLINE", "ASSESSED", "CLOSED"],
  ];

  it.each(ALLOWED)("allows %s from %s, moving to %s", (step, from, to) => {
    expect(nextStageFor(step, from)).toBe(to);
  });

  const refusedPairs = STEPS.flatMap((step) =>
    STAGES.filter((stage) => !ALLOWED.some(([s, from]) => s === step && from === stage)).map(
      (stage) => [step, stage] as [DoseStep, DoseStage],
    ),
  );

  it("refuses every other step and stage pair with a message for the nurse", () => {
    expect(refusedPairs).toHaveLength(STEPS.length * STAGES.length - ALLOWED.length);
    for (const [step, stage] of refusedPairs) {
      const result = nextStageFor(step, stage);
      expect(typeof result, `${step} from ${stage}`).toBe("object");
      expect((result as StepRefusal).refused).toMatch(/\.$/);
    }
  });

  it.each([
    ["ASSESSMENT", "WAITING", "Check the participant in first.", false],
    ["DRAW", "WAITING", "Check the participant in first.", false],
    ["WITHHOLD", "WAITING", "Check the participant in first.", false],
    ["DRAW", "CHECKED_IN", "Record the pre-dose assessment first.", false],
    ["ADMINISTER", "ASSESSED", "Draw and witness the dose first.", false],
    ["SIGN_OFF", "DRAWN", "Record the dose as given first.", false],
    ["CHECK_IN", "CHECKED_IN", "The participant is already checked in.", true],
    ["DRAW", "DRAWN", "The dose is already drawn.", true],
    ["DRAW", "ADMINISTERED", "The dose is already drawn.", true],
    ["AUTHORISE_LATE", "DRAWN", "The dose is already drawn.", true],
    ["CHECK_IN", "CLOSED", "This session is already closed.", false],
    ["WITHHOLD", "CLOSED", "This session is already closed.", true],
    ["SIGN_OFF", "SIGNED_OFF", "This session is already signed off.", true],
  ] as [DoseStep, DoseStage, string, boolean][])("refuses %s from %s with “%s” (already recorded: %s)", (step, stage, message, alreadyRecorded) => {
    expect(nextStageFor(step, stage)).toEqual({ refused: message, alreadyRecorded });
  });

  it("sends a refusal after the dose is drawn to a withhold, so the drawn dose is destroyed", () => {
    expect(nextStageFor("DECLINE", "DRAWN")).toMatchObject({ refused: expect.stringContaining("record it as withheld") });
  });

  it("refuses to withhold or decline a dose that has already been given", () => {
    expect(nextStageFor("WITHHOLD", "ADMINISTERED")).toMatchObject({ refused: expect.stringContaining("cannot be withheld") });
    expect(nextStageFor("DECLINE", "ADMINISTERED")).toMatchObject({ refused: expect.stringContaining("cannot be declined") });
  });

  it("lets only a prescriber authorise a late dose; nurses and prescribers take every other step", () => {
    for (const step of STEPS) {
      expect(mayTakeStep(step, "PRESCRIBER"), step).toBe(true);
      expect(mayTakeStep(step, "NURSE"), step).toBe(step !== "AUTHORISE_LATE");
      expect(mayTakeStep(step, "PHARMACIST"), step).toBe(false);
    }
  });

  it("lists the steps open at each stage from the same table", () => {
    expect(stepsOpenAt("WAITING")).toEqual(["CHECK_IN", "DECLINE"]);
    expect(stepsOpenAt("ASSESSED")).toEqual(["ASSESSMENT", "AUTHORISE_LATE", "DRAW", "WITHHOLD", "DECLINE"]);
    expect(stepsOpenAt("DRAWN")).toEqual(["ADMINISTER", "WITHHOLD"]);
    expect(stepsOpenAt("CLOSED")).toEqual([]);
    for (const stage of STAGES) for (const step of stepsOpenAt(stage)) expect(typeof nextStageFor(step, stage)).toBe("string");
  });
});

describe("what closing a session does to each participant", () => {
  it.each([
    ["WAITING", false, "MISSED"],
    ["CHECKED_IN", false, "WITHHELD"],
    ["ASSESSED", false, "WITHHELD"],
    ["CHECKED_IN", true, "STAYS_OPEN"],
    ["ASSESSED", true, "STAYS_OPEN"],
    ["DRAWN", false, "IN_PROGRESS"],
    ["ADMINISTERED", false, "IN_PROGRESS"],
    ["SIGNED_OFF", false, "UNCHANGED"],
    ["CLOSED", false, "UNCHANGED"],
  ] as const)("%s (late dose still possible: %s) → %s", (stage, lateStillPossible, effect) => {
    expect(closeEffect(stage, lateStillPossible)).toBe(effect);
  });

  it("never closes a dose in progress", () => {
    const stages: DoseStage[] = ["WAITING", "CHECKED_IN", "ASSESSED", "DRAWN", "ADMINISTERED", "SIGNED_OFF", "CLOSED"];
    expect(stages.filter(isDoseInProgress)).toEqual(["DRAWN", "ADMINISTERED"]);
  });
});

describe("the next step the Today card offers", () => {
  const base: NextStepContext = { stage: "ASSESSED", checkInOpen: true, concerns: [], assessmentFresh: true, hardHold: false, window: "OPEN", lateAuthorised: false, recheck: [] };
  it.each<[string, Partial<NextStepContext>, ReturnType<typeof nextStep>]>([
    ["waiting, check-in not open", { stage: "WAITING", checkInOpen: false }, "AWAIT_CHECK_IN"],
    ["waiting, check-in open", { stage: "WAITING" }, "CHECK_IN"],
    ["checked in", { stage: "CHECKED_IN" }, "ASSESS"],
    ["assessed with a concern", { concerns: ["Sedation"] }, "WITHHOLD"],
    ["assessed under a hard hold", { hardHold: true }, "WITHHOLD"],
    ["assessed too long ago", { assessmentFresh: false }, "ASSESS"],
    ["assessed before the window opens", { window: "NOT_YET_OPEN" }, "AWAIT_WINDOW"],
    ["assessed after the window, not authorised", { window: "LATE" }, "AWAIT_LATE_AUTHORISATION"],
    ["assessed after the window, authorised", { window: "LATE", lateAuthorised: true }, "DRAW"],
    ["assessed once the late-dose time is over", { window: "OVER", lateAuthorised: true }, "WITHHOLD"],
    ["assessed in the window", {}, "DRAW"],
    ["drawn", { stage: "DRAWN" }, "ADMINISTER"],
    ["drawn, then the prescription reduced", { stage: "DRAWN", recheck: ["Reduced"] }, "RECHECK_BEFORE_GIVING"],
    ["given", { stage: "ADMINISTERED" }, "SIGN_OFF"],
    ["signed off", { stage: "SIGNED_OFF" }, null],
    ["closed", { stage: "CLOSED" }, null],
  ])("%s", (_, context, expected) => {
    expect(nextStep({ ...base, ...context })).toBe(expected);
  });
});

describe("timing of check-in, assessment and late doses", () => {
  const W = DEFAULT_SESSION_WINDOWS;
  const T = DEFAULT_DOSE_TIMING;
  const am: SessionKey = { date: "2026-03-10", slot: "AM" };

  it.each([
    ["2026-03-10T06:59:59Z", false],
    ["2026-03-10T07:00:00Z", true],
    ["2026-03-09T18:06:00Z", false],
  ])("opens check-in an hour before the 08:00 window: at %s %s", (instant, ok) => {
    expect(checkCheckInOpen(am, at(instant), W, T).ok).toBe(ok);
  });

  it.each([
    [60, true],
    [61, false],
  ])("takes an assessment %i minutes old: %s", (minutes, ok) => {
    expect(checkAssessmentFresh(at("2026-03-10T08:00:00Z"), new Date(at("2026-03-10T08:00:00Z").getTime() + minutes * 60_000), T).ok).toBe(ok);
  });

  it("ends a late AM dose when the PM session opens, and a late PM dose four hours after the window", () => {
    expect(lateDoseEndsAt(am, W, 240)).toEqual({ at: at("2026-03-10T15:00:00Z"), nextOpens: true });
    expect(lateDoseEndsAt({ date: "2026-03-10", slot: "PM" }, W, 240)).toEqual({ at: at("2026-03-10T22:00:00Z"), nextOpens: false });
    expect(lateDoseEndsAt(am, W, 30)).toEqual({ at: at("2026-03-10T11:30:00Z"), nextOpens: false });
  });

  it("counts spacing from an unresolved drawn dose when it is later than the last dose given", () => {
    expect(lastDoseMoment(null, null)).toBeNull();
    expect(lastDoseMoment(at("2026-03-10T08:00:00Z"), null)).toEqual(at("2026-03-10T08:00:00Z"));
    expect(lastDoseMoment(null, at("2026-03-10T14:56:00Z"))).toEqual(at("2026-03-10T14:56:00Z"));
    expect(lastDoseMoment(at("2026-03-10T08:00:00Z"), at("2026-03-10T14:56:00Z"))).toEqual(at("2026-03-10T14:56:00Z"));
    expect(lastDoseMoment(at("2026-03-10T15:01:00Z"), at("2026-03-10T14:56:00Z"))).toEqual(at("2026-03-10T15:01:00Z"));
  });
});

describe("between the draw and the dose given", () => {
  it.each([
    ["nothing changed", { prescribedNowMg: 100, hardHolds: [], notExpectedReason: null }, 0],
    ["the dose raised", { prescribedNowMg: 150, hardHolds: [], notExpectedReason: null }, 0],
    ["the dose reduced", { prescribedNowMg: 60, hardHolds: [], notExpectedReason: null }, 1],
    ["nothing prescribed any more", { prescribedNowMg: null, hardHolds: [], notExpectedReason: null }, 1],
    ["a hard hold placed", { prescribedNowMg: 100, hardHolds: ["Overdose"], notExpectedReason: null }, 1],
    ["no longer expected", { prescribedNowMg: 100, hardHolds: [], notExpectedReason: "On a break: In hospital" }, 1],
  ] as const)("%s", (_, change, reasons) => {
    expect(administrationRecheck({ drawnMg: 100, ...change })).toHaveLength(reasons);
  });

  it.each([
    [100, undefined, { ok: true, leftoverMg: 0 }],
    [60, "Spilled", { ok: true, leftoverMg: 40 }],
    [60, undefined, { ok: false }],
    [101, undefined, { ok: false }],
    [0, "none", { ok: false }],
  ] as const)("takes %i mg given of 100 mg drawn (reason %s)", (givenMg, reason, expected) => {
    expect(checkGivenDose(100, givenMg, reason)).toMatchObject(expected);
  });
});

describe("closing a past session by hand", () => {
  const current: SessionKey = { date: "2026-03-10", slot: "PM" };
  const timing = { manualCloseDays: 3 };
  it.each([
    ["the session being worked", current, undefined, true],
    ["a future session", { date: "2026-03-11", slot: "AM" }, "r", false],
    ["yesterday's, with a reason", { date: "2026-03-09", slot: "AM" }, "Paper record", true],
    ["yesterday's, without a reason", { date: "2026-03-09", slot: "AM" }, undefined, false],
    ["three days back", { date: "2026-03-07", slot: "AM" }, "r", true],
    ["four days back", { date: "2026-03-06", slot: "PM" }, "r", false],
    ["the year 0001", { date: "0001-01-01", slot: "AM" }, "r", false],
  ] as const)("%s", (_, session, reason, ok) => {
    expect(checkManualClose({ session, current, today: "2026-03-10", reason, timing }).ok).toBe(ok);
  });
});

describe("pre-dose assessment", () => {
  const fit: AssessmentFindings = { sedationScore: 0, breathAlcoholMgPerL: 0, withdrawalScore: 3 };
  const policy = DEFAULT_ASSESSMENT_POLICY;

  it("has the documented defaults", () => {
    expect(DEFAULT_ASSESSMENT_POLICY).toEqual({ maxSedationScore: 1, breathAlcoholWithholdMgPerL: 0.2, minSpo2: 94 });
  });

  it.each([
    ["an alert participant with no alcohol", {}, []],
    ["sedation at the maximum of 1", { sedationScore: 1 }, []],
    ["sedation one over the maximum", { sedationScore: 2 }, ["Sedation score 2 is above the maximum of 1 for dosing."]],
    ["breath alcohol just under the threshold", { breathAlcoholMgPerL: 0.19 }, []],
    [
      "breath alcohol at the threshold",
      { breathAlcoholMgPerL: 0.2 },
      ["Breath alcohol 0.2 mg/L is at or above the withhold threshold of 0.2 mg/L."],
    ],
    [
      "breath alcohol over the threshold",
      { breathAlcoholMgPerL: 0.25 },
      ["Breath alcohol 0.25 mg/L is at or above the withhold threshold of 0.2 mg/L."],
    ],
    ["SpO₂ at the minimum", { spo2: 94 }, []],
    ["SpO₂ one under the minimum", { spo2: 93 }, ["SpO₂ 93% is below the minimum of 94%."]],
    ["SpO₂ not measured", { spo2: undefined }, []],
    ["severe withdrawal (expected before a dose)", { withdrawalScore: 10 }, []],
    ["a sedation score outside 0–4", { sedationScore: 5 }, ["Sedation score must be a whole number from 0 to 4."]],
    ["a fractional sedation score", { sedationScore: 0.5 }, ["Sedation score must be a whole number from 0 to 4."]],
    ["a negative breath alcohol reading", { breathAlcoholMgPerL: -0.1 }, ["Breath alcohol must be a reading of 0 mg/L or more."]],
    ["a missing breath alcohol reading", { breathAlcoholMgPerL: Number.NaN }, ["Breath alcohol must be a reading of 0 mg/L or more."]],
    ["a withdrawal score over 10", { withdrawalScore: 11 }, ["Withdrawal score must be a whole number from 0 to 10."]],
    ["an SpO₂ over 100%", { spo2: 101 }, ["SpO₂ must be a percentage from 0 to 100."]],
  ] as [string, Partial<AssessmentFindings>, string[]][])("with %s, lists %j", (_, change, concerns) => {
    expect(assessmentConcerns({ ...fit, ...change }, policy)).toEqual(concerns);
  });

  it("lists every concern at once", () => {
    expect(assessmentConcerns({ sedationScore: 3, breathAlcoholMgPerL: 0.4, withdrawalScore: 0, spo2: 90 }, policy)).toHaveLength(3);
  });

  it("applies the clinic's own thresholds", () => {
    const strict = { maxSedationScore: 0, breathAlcoholWithholdMgPerL: 0.1, minSpo2: 96 };
    expect(assessmentConcerns({ ...fit, sedationScore: 1 }, strict)).toHaveLength(1);
    expect(assessmentConcerns({ ...fit, breathAlcoholMgPerL: 0.1 }, strict)).toHaveLength(1);
    expect(assessmentConcerns({ ...fit, spo2: 95 }, strict)).toHaveLength(1);
  });
});

describe("drawing the dose against the prescription", () => {
  it.each([
    ["the prescribed dose exactly", { prescribedMg: 180, drawnMg: 180 }, { ok: true, partial: false }],
    ["the prescribed dose, ignoring a stray partial reason", { prescribedMg: 180, drawnMg: 180, partialReason: "x" }, { ok: true, partial: false }],
    ["one under with a reason", { prescribedMg: 180, drawnMg: 179, partialReason: "Drowsy at assessment" }, { ok: true, partial: true }],
    ["1 mg with a reason", { prescribedMg: 180, drawnMg: 1, partialReason: "Participant asked for less" }, { ok: true, partial: true }],
  ])("accepts %s", (_, input, expected) => {
    expect(checkDrawnDose(input)).toEqual(expected);
  });

  it.each([
    ["one over the prescription", { prescribedMg: 180, drawnMg: 181 }, "181 mg is more than the 180 mg prescribed for this session."],
    ["one under without a reason", { prescribedMg: 180, drawnMg: 179 }, "179 mg is less than the 180 mg prescribed: give a reason for the partial dose."],
    ["less with a blank reason", { prescribedMg: 180, drawnMg: 90, partialReason: "   " }, "90 mg is less than the 180 mg prescribed: give a reason for the partial dose."],
    ["nothing drawn", { prescribedMg: 180, drawnMg: 0 }, "A dose of 0 mg or less is not a dose: record the session as withheld instead."],
    ["a negative dose", { prescribedMg: 180, drawnMg: -10, partialReason: "x" }, "A dose of 0 mg or less is not a dose: record the session as withheld instead."],
    ["a fractional dose", { prescribedMg: 180, drawnMg: 179.5, partialReason: "x" }, "Enter the drawn dose as a whole number of mg."],
    ["a dose that is not a number", { prescribedMg: 180, drawnMg: Number.NaN }, "Enter the drawn dose as a whole number of mg."],
    ["a dose with no valid prescription", { prescribedMg: 0, drawnMg: 10 }, "There is no valid prescribed dose for this session: ask the prescriber."],
    ["a dose against a fractional prescription", { prescribedMg: 180.5, drawnMg: 180 }, "There is no valid prescribed dose for this session: ask the prescriber."],
  ])("refuses %s", (_, input, reason) => {
    expect(checkDrawnDose(input)).toEqual({ ok: false, reason });
  });
});

describe("spacing between doses", () => {
  it.each([
    // [case, last dose, this dose]
    ["exactly 3 hours after the last dose", "2026-06-01T07:00:00Z", "2026-06-01T10:00:00Z"],
    ["3 hours and 1 minute after", "2026-06-01T07:00:00Z", "2026-06-01T10:01:00Z"],
    // PM 17:30 GMT on the 28th, AM 08:00 BST on the 29th: 13.5 real hours, one fewer on the wall clock.
    ["an AM dose after the spring-forward night", "2026-03-28T17:30:00Z", "2026-03-29T07:00:00Z"],
    // PM 17:30 BST on the 24th, AM 08:00 GMT on the 25th: 15.5 real hours.
    ["an AM dose after the autumn-back night", "2026-10-24T16:30:00Z", "2026-10-25T08:00:00Z"],
    // 00:30 BST to 02:30 GMT: 2 hours on the wall clock, 3 real hours.
    ["a gap that looks like 2 hours across the autumn-back hour", "2026-10-24T23:30:00Z", "2026-10-25T02:30:00Z"],
    ["Christmas Day PM after the AM dose", "2026-12-25T08:30:00Z", "2026-12-25T15:00:00Z"],
  ])("allows %s", (_, last, now) => {
    expect(checkSpacing(at(last), at(now), 3)).toEqual({ ok: true });
  });

  it("allows the first dose ever", () => {
    expect(checkSpacing(null, at("2026-06-01T07:00:00Z"), 3)).toEqual({ ok: true });
  });

  it.each([
    // [case, last dose, this dose, earliest]
    ["2 hours 59 minutes after the last dose", "2026-06-01T07:00:00Z", "2026-06-01T09:59:00Z", "2026-06-01T10:00:00.000Z"],
    ["one millisecond short of 3 hours", "2026-06-01T07:00:00Z", "2026-06-01T09:59:59.999Z", "2026-06-01T10:00:00.000Z"],
    ["the same instant as the last dose", "2026-06-01T07:00:00Z", "2026-06-01T07:00:00Z", "2026-06-01T10:00:00.000Z"],
    // 00:30 GMT to 03:30 BST: 3 hours on the wall clock, 2 real hours.
    ["a gap that looks like 3 hours across the spring-forward hour", "2026-03-29T00:30:00Z", "2026-03-29T02:30:00Z", "2026-03-29T03:30:00.000Z"],
    ["a time before the last recorded dose", "2026-06-01T10:00:00Z", "2026-06-01T09:00:00Z", "2026-06-01T13:00:00.000Z"],
  ])("refuses %s and gives the earliest time", (_, last, now, earliest) => {
    const result = checkSpacing(at(last), at(now), 3);
    expect(result).toMatchObject({ ok: false, earliest: at(earliest) });
  });

  it("tells the nurse when the last dose was and when the next may be given, in clinic time", () => {
    expect(checkSpacing(at("2026-06-01T07:00:00Z"), at("2026-06-01T09:00:00Z"))).toEqual({
      ok: false,
      reason: "Doses must be at least 3 hours apart: the last dose was at Mon 1 Jun, 08:00. The next dose can be given from Mon 1 Jun, 11:00.",
      earliest: at("2026-06-01T10:00:00Z"),
    });
  });

  it("applies the clinic's own interval", () => {
    expect(checkSpacing(at("2026-06-01T07:00:00Z"), at("2026-06-01T10:30:00Z"), 4)).toMatchObject({ ok: false });
    expect(checkSpacing(at("2026-06-01T07:00:00Z"), at("2026-06-01T11:00:00Z"), 4)).toEqual({ ok: true });
  });
});

describe("dosing inside the session window", () => {
  const W = DEFAULT_SESSION_WINDOWS;
  type Row = [string, SessionKey, string, boolean, { ok: true; late: boolean } | { ok: false }];
  const onTime = { ok: true, late: false } as const;
  const late = { ok: true, late: true } as const;
  const refused = { ok: false } as const;

  it.each<Row>([
    // Spring forward: AM 08:00–11:00 BST is 07:00–10:00Z; PM opens 15:00 BST = 14:00Z.
    ["one second before the AM window opens on the spring-forward day", { date: "2026-03-29", slot: "AM" }, "2026-03-29T06:59:59Z", false, refused],
    ["before opening even with a late authorisation", { date: "2026-03-29", slot: "AM" }, "2026-03-29T06:59:59Z", true, refused],
    ["as the AM window opens at 07:00Z on the spring-forward day", { date: "2026-03-29", slot: "AM" }, "2026-03-29T07:00:00Z", false, onTime],
    ["in the last second of the AM window on the spring-forward day", { date: "2026-03-29", slot: "AM" }, "2026-03-29T09:59:59Z", false, onTime],
    ["as the AM window closes, without authorisation", { date: "2026-03-29", slot: "AM" }, "2026-03-29T10:00:00Z", false, refused],
    ["as the AM window closes, with a late authorisation", { date: "2026-03-29", slot: "AM" }, "2026-03-29T10:00:00Z", true, late],
    ["a late AM dose just before the PM window opens", { date: "2026-03-29", slot: "AM" }, "2026-03-29T13:59:59Z", true, late],
    ["a late AM dose once the PM window has opened", { date: "2026-03-29", slot: "AM" }, "2026-03-29T14:00:00Z", true, refused],
    // Autumn back: AM 08:00–11:00 GMT is 08:00–11:00Z.
    ["at 07:00Z on the autumn-back day (07:00 GMT, before opening)", { date: "2026-10-25", slot: "AM" }, "2026-10-25T07:00:00Z", false, refused],
    ["one second before the AM window opens on the autumn-back day", { date: "2026-10-25", slot: "AM" }, "2026-10-25T07:59:59Z", false, refused],
    ["as the AM window opens at 08:00Z on the autumn-back day", { date: "2026-10-25", slot: "AM" }, "2026-10-25T08:00:00Z", false, onTime],
    ["in the last second of the AM window on the autumn-back day", { date: "2026-10-25", slot: "AM" }, "2026-10-25T10:59:59Z", false, onTime],
    ["as the AM window closes on the autumn-back day, without authorisation", { date: "2026-10-25", slot: "AM" }, "2026-10-25T11:00:00Z", false, refused],
    ["as the AM window closes on the autumn-back day, with authorisation", { date: "2026-10-25", slot: "AM" }, "2026-10-25T11:00:00Z", true, late],
    ["at 07:00Z the day before autumn back (08:00 BST)", { date: "2026-10-24", slot: "AM" }, "2026-10-24T07:00:00Z", false, onTime],
    ["a late PM dose in the last second of its four hours (21:59:59 BST)", { date: "2026-10-24", slot: "PM" }, "2026-10-24T20:59:59Z", true, late],
    ["a late PM dose after its four hours", { date: "2026-10-24", slot: "PM" }, "2026-10-24T21:00:00Z", true, refused],
    ["a late PM dose overnight into the autumn-back day", { date: "2026-10-24", slot: "PM" }, "2026-10-25T07:59:59Z", true, refused],
    // Christmas Day: sessions as normal (GMT).
    ["the AM session on Christmas Day", { date: "2026-12-25", slot: "AM" }, "2026-12-25T08:00:00Z", false, onTime],
    ["the PM session on Christmas Day", { date: "2026-12-25", slot: "PM" }, "2026-12-25T15:00:00Z", false, onTime],
    ["the last second of the PM window on Christmas Day", { date: "2026-12-25", slot: "PM" }, "2026-12-25T17:59:59Z", false, onTime],
    ["after the PM window on Christmas Day, without authorisation", { date: "2026-12-25", slot: "PM" }, "2026-12-25T18:00:00Z", false, refused],
    ["after the PM window on Christmas Day, with authorisation", { date: "2026-12-25", slot: "PM" }, "2026-12-25T18:00:00Z", true, late],
    ["a dose for yesterday's session", { date: "2026-12-24", slot: "AM" }, "2026-12-25T09:00:00Z", true, refused],
  ])("%s", (_, session, instant, lateAuthorised, expected) => {
    const result = checkWindow(session, at(instant), W, { lateAuthorised });
    if (expected.ok) expect(result).toEqual(expected);
    else expect(result).toMatchObject({ ok: false, reason: expect.any(String) });
  });

  it("says when the window opens, in clinic time", () => {
    expect(checkWindow({ date: "2026-03-29", slot: "AM" }, at("2026-03-29T06:30:00Z"), W, { lateAuthorised: false })).toEqual({
      ok: false,
      reason: "The AM session on Sun 29 Mar 2026 opens at 08:00.",
    });
  });

  it("asks for a prescriber's authorisation after the window closes", () => {
    expect(checkWindow({ date: "2026-10-25", slot: "AM" }, at("2026-10-25T11:30:00Z"), W, { lateAuthorised: false })).toEqual({
      ok: false,
      reason: "The AM session on Sun 25 Oct 2026 closed at 11:00: a late dose needs a prescriber's authorisation.",
    });
  });

  it("uses the clinic's own windows", () => {
    const custom: SessionWindows = { AM: { opens: "07:30", closes: "10:30" }, PM: { opens: "16:00", closes: "19:00" } };
    const session: SessionKey = { date: "2026-01-15", slot: "AM" };
    expect(checkWindow(session, at("2026-01-15T07:29:59Z"), custom, { lateAuthorised: false })).toMatchObject({ ok: false });
    expect(checkWindow(session, at("2026-01-15T07:30:00Z"), custom, { lateAuthorised: false })).toEqual(onTime);
    expect(checkWindow(session, at("2026-01-15T10:30:00Z"), custom, { lateAuthorised: false })).toMatchObject({ ok: false });
  });
});

describe("observation and sign-off", () => {
  const administered = at("2026-06-01T07:14:00Z");
  const minutes = (n: number) => new Date(administered.getTime() + n * 60_000);

  it("ends observation 20 minutes after the dose by default", () => {
    expect(observationEndsAt(administered)).toEqual(at("2026-06-01T07:34:00Z"));
    expect(observationEndsAt(administered, 30)).toEqual(at("2026-06-01T07:44:00Z"));
  });

  it("counts 20 real minutes across the spring-forward hour", () => {
    // 00:50 GMT + 20 minutes = 02:10 BST on the wall clock.
    expect(observationEndsAt(at("2026-03-29T00:50:00Z"), 20)).toEqual(at("2026-03-29T01:10:00Z"));
  });

  it.each([
    ["at exactly 20 minutes", 20, undefined, { ok: true, early: false }],
    ["after 20 minutes", 25, undefined, { ok: true, early: false }],
    ["at 19 minutes with a reason", 19, "Left against advice", { ok: true, early: true }],
    ["straight after the dose with a reason", 0, "Transferred to hospital", { ok: true, early: true }],
    ["at exactly 20 minutes, ignoring a reason", 20, "x", { ok: true, early: false }],
  ])("signs off %s", (_, elapsed, reason, expected) => {
    expect(checkSignOff(minutes(elapsed), observationEndsAt(administered), reason)).toEqual(expected);
  });

  it.each([
    ["at 19 minutes", 19, undefined, 1],
    ["at 19 minutes 59 seconds", 19 + 59 / 60, undefined, 1],
    ["at 10 and a half minutes", 10.5, undefined, 10],
    ["straight after the dose", 0, undefined, 20],
    ["at 19 minutes with a blank reason", 19, "  ", 1],
  ])("refuses to sign off %s, with the minutes left", (_, elapsed, reason, minutesLeft) => {
    expect(checkSignOff(minutes(elapsed), observationEndsAt(administered), reason)).toMatchObject({ ok: false, minutesLeft });
  });

  it("tells the nurse when observation ends, in clinic time", () => {
    expect(checkSignOff(minutes(19), observationEndsAt(administered))).toEqual({
      ok: false,
      reason: "Observation runs until 08:34 (1 minute left): wait, or give a reason for signing off early.",
      minutesLeft: 1,
    });
  });
});

describe("the daily maximum on doses given", () => {
  it.each([
    [0, 400, true],
    [400, 200, true],
    [400, 201, false],
    [600, 1, false],
  ])("with %i mg given today, a %i mg draw under a 600 mg maximum: %s", (taken, draw, ok) => {
    expect(checkDailyTotal(taken, draw, 600).ok).toBe(ok);
  });
});
