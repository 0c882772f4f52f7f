import { describe, expect, it } from "vitest";
import { clinicInstant, type SessionKey } from "@/domain/clinic-time";
import { awaitsOutageReview, checkBackEntry, type PaperTimes } from "@/domain/downtime";

describe("a session that looks like an outage", () => {
  it.each([
    { expected: 12, stepsRecorded: 0, outage: true },
    { expected: 1, stepsRecorded: 0, outage: true },
    { expected: 12, stepsRecorded: 1, outage: false },
    { expected: 12, stepsRecorded: 40, outage: false },
    // Nobody expected: nothing to miss, not an outage.
    { expected: 0, stepsRecorded: 0, outage: false },
  ])("$expected expected, $stepsRecorded steps recorded: outage $outage", ({ expected, stepsRecorded, outage }) => {
    expect(awaitsOutageReview({ expected, stepsRecorded })).toBe(outage);
  });
});

describe("what a dose from the paper sheet may be entered for", () => {
  const session: SessionKey = { date: "2026-03-10", slot: "AM" };
  const current: SessionKey = { date: "2026-03-11", slot: "PM" };
  const now = clinicInstant("2026-03-11", "16:00");
  const times = (t: Partial<Record<keyof PaperTimes, string>> = {}, date = session.date): PaperTimes => ({
    arrivedAt: clinicInstant(date, t.arrivedAt ?? "08:10"),
    drawnAt: clinicInstant(date, t.drawnAt ?? "08:20"),
    givenAt: clinicInstant(date, t.givenAt ?? "08:25"),
    signedOffAt: clinicInstant(date, t.signedOffAt ?? "08:50"),
  });
  const check = (over: Partial<Parameters<typeof checkBackEntry>[0]> = {}) => checkBackEntry({ session, current, now, reachDays: 3, times: times(), ...over });

  it("accepts a past session within the reach, with the sheet's times in order", () => {
    expect(check()).toEqual({ ok: true });
  });

  it("accepts times that are equal (the sheet records minutes)", () => {
    expect(check({ times: times({ arrivedAt: "08:20", drawnAt: "08:20", givenAt: "08:20", signedOffAt: "08:20" }) })).toEqual({ ok: true });
  });

  it.each([
    { label: "the session being worked now", s: current },
    { label: "a session still to come", s: { date: "2026-03-12", slot: "AM" } as SessionKey },
  ])("refuses $label: its doses are recorded on Today", ({ s }) => {
    expect(check({ session: s, times: times({}, s.date) })).toMatchObject({ ok: false, field: "sessionDate", reason: expect.stringContaining("is not over") });
  });

  it.each([
    { date: "2026-03-08", reach: 3, ok: true },
    { date: "2026-03-07", reach: 3, ok: false },
    { date: "2026-03-07", reach: 4, ok: true },
    { date: "2026-03-10", reach: 0, ok: false },
    { date: "2026-03-11", reach: 0, ok: true },
  ])("a session on $date with a reach of $reach days: ok $ok", ({ date, reach, ok }) => {
    const s: SessionKey = { date, slot: "AM" };
    const result = check({ session: s, reachDays: reach, times: times({}, date) });
    expect(result.ok).toBe(ok);
    if (!result.ok) expect(result.reason).toContain(`up to ${reach} days back`);
  });

  it.each([
    { field: "drawnAt", t: { drawnAt: "08:05" }, says: "drawn is before the time arrived" },
    { field: "givenAt", t: { givenAt: "08:19" }, says: "given is before the time drawn" },
    { field: "signedOffAt", t: { signedOffAt: "08:24" }, says: "signed off is before the time given" },
  ] as const)("refuses a $field before the step it follows", ({ field, t, says }) => {
    expect(check({ times: times(t) })).toMatchObject({ ok: false, field, reason: expect.stringContaining(says) });
  });

  it("refuses a time on another day than the session's", () => {
    const t = { ...times(), signedOffAt: clinicInstant("2026-03-11", "00:10") };
    expect(check({ times: t })).toMatchObject({ ok: false, field: "signedOffAt", reason: expect.stringContaining("session's day") });
  });

  it("refuses a time in the future", () => {
    const s: SessionKey = { date: "2026-03-11", slot: "AM" };
    const t = { ...times({}, "2026-03-11"), signedOffAt: clinicInstant("2026-03-11", "16:01") };
    expect(check({ session: s, times: t })).toMatchObject({ ok: false, field: "signedOffAt", reason: expect.stringContaining("future") });
  });
});
