import { describe, expect, it } from "vitest";
import { clinicInstant, DEFAULT_SESSION_WINDOWS } from "@/domain/clinic-time";
import { checkReviewBy, DEFAULT_PRESCRIPTION_REVIEW as policy, laterSessionStarts, latestReviewBy, prescriptionStart, reviewHold, reviewState } from "@/domain/prescription-review";

const timing = { checkInOpensMinutesBefore: 60 };

describe("reviewState and reviewHold", () => {
  it("is in date up to and including the review date", () => {
    expect(reviewState("2026-03-10", "2026-03-10", policy)).toEqual({ state: "IN_DATE", reviewBy: "2026-03-10" });
    expect(reviewHold(reviewState("2026-03-10", "2026-03-10", policy))).toBeNull();
  });

  it("is a soft hold for the 7 days of grace after it", () => {
    for (const today of ["2026-03-11", "2026-03-17"]) {
      expect(reviewState("2026-03-10", today, policy)).toEqual({ state: "REVIEW_DUE", reviewBy: "2026-03-10", hardFrom: "2026-03-18" });
    }
    expect(reviewHold(reviewState("2026-03-10", "2026-03-11", policy))).toEqual({ kind: "SOFT", reason: expect.stringMatching(/review was due by Tue 10 Mar 2026.*before Wed 18 Mar 2026/) });
  });

  it("is a hard hold from the day after the grace period", () => {
    expect(reviewState("2026-03-10", "2026-03-18", policy)).toEqual({ state: "LAPSED", reviewBy: "2026-03-10" });
    expect(reviewHold(reviewState("2026-03-10", "2026-04-30", policy))).toEqual({ kind: "HARD", reason: expect.stringMatching(/^Prescription lapsed/) });
  });

  it("goes straight to a hard hold with no grace", () => {
    expect(reviewState("2026-03-10", "2026-03-11", { reviewDays: 28, graceDays: 0 }).state).toBe("LAPSED");
  });
});

describe("checkReviewBy", () => {
  it("takes a date from the start to the clinic's interval after it", () => {
    expect(latestReviewBy("2026-03-10", policy)).toBe("2026-04-07");
    expect(checkReviewBy("2026-03-10", "2026-03-10", policy)).toEqual({ ok: true });
    expect(checkReviewBy("2026-04-07", "2026-03-10", policy)).toEqual({ ok: true });
    expect(checkReviewBy("2026-04-08", "2026-03-10", policy)).toEqual({ ok: false, reason: expect.stringMatching(/within 28 days: by Tue 7 Apr 2026/) });
    expect(checkReviewBy("2026-03-09", "2026-03-10", policy)).toEqual({ ok: false, reason: expect.stringMatching(/cannot be before/) });
  });
});

describe("when a prescription starts", () => {
  const now = clinicInstant("2026-03-10", "09:05");

  it("offers the next sessions whose check-in has not opened", () => {
    // Default windows: AM 08:00, PM 15:00 (check-in an hour before).
    expect(laterSessionStarts(now, DEFAULT_SESSION_WINDOWS, timing, 3)).toEqual([
      { session: { date: "2026-03-10", slot: "PM" }, startsAt: clinicInstant("2026-03-10", "14:00") },
      { session: { date: "2026-03-11", slot: "AM" }, startsAt: clinicInstant("2026-03-11", "07:00") },
      { session: { date: "2026-03-11", slot: "PM" }, startsAt: clinicInstant("2026-03-11", "14:00") },
    ]);
  });

  it("starts now, or when the chosen session's check-in opens, and never at one already open", () => {
    expect(prescriptionStart(null, now, DEFAULT_SESSION_WINDOWS, timing)).toEqual({ ok: true, startsAt: now, startDate: "2026-03-10" });
    expect(prescriptionStart({ date: "2026-03-11", slot: "AM" }, now, DEFAULT_SESSION_WINDOWS, timing)).toEqual({ ok: true, startsAt: clinicInstant("2026-03-11", "07:00"), startDate: "2026-03-11" });
    expect(prescriptionStart({ date: "2026-03-10", slot: "AM" }, now, DEFAULT_SESSION_WINDOWS, timing)).toMatchObject({ ok: false });
    expect(prescriptionStart({ date: "2026-04-10", slot: "AM" }, now, DEFAULT_SESSION_WINDOWS, timing)).toMatchObject({ ok: false });
  });
});
