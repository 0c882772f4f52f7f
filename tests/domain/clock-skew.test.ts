import { describe, expect, it } from "vitest";
import { CLOCK_SKEW_WARNING_MS, clockOffset, clockSkew, clockSkewWarning, serverNow } from "@/domain/clock-skew";

const T = Date.parse("2026-03-10T10:00:00Z");
const MINUTE = 60_000;

describe("how far the tablet's clock is from the server's", () => {
  it("takes the server's time as stamped in the middle of the round trip, give or take half of it", () => {
    // Sent at 10:00:00.000, answered 10:00:00.400 on the tablet; the server said 10:00:00.200.
    expect(clockOffset({ sentAt: T, serverTime: T + 200, receivedAt: T + 400 })).toEqual({ offsetMs: 0, uncertaintyMs: 200 });
  });

  it("is negative when the tablet is ahead (the 40-minute finding) and positive when behind", () => {
    expect(clockOffset({ sentAt: T + 40 * MINUTE, serverTime: T + 50, receivedAt: T + 40 * MINUTE + 100 })).toEqual({ offsetMs: -40 * MINUTE, uncertaintyMs: 50 });
    expect(clockOffset({ sentAt: T - 5 * MINUTE, serverTime: T, receivedAt: T - 5 * MINUTE })).toEqual({ offsetMs: 5 * MINUTE, uncertaintyMs: 0 });
  });

  it("takes a round trip that came back before it left (the tablet's clock set back meanwhile) as none", () => {
    expect(clockOffset({ sentAt: T, serverTime: T, receivedAt: T - 1000 })).toEqual({ offsetMs: 0, uncertaintyMs: 0 });
  });

  it("gives the server's time now from the tablet's clock", () => {
    expect(serverNow(T + 40 * MINUTE, { offsetMs: -40 * MINUTE })).toBe(T);
    expect(serverNow(T, { offsetMs: 0 })).toBe(T);
  });
});

describe("when the tablet is warned that its clock is out", () => {
  it("is a minute", () => {
    expect(CLOCK_SKEW_WARNING_MS).toBe(MINUTE);
  });

  it.each([
    ["in step", 0, 0, null],
    ["exactly a minute ahead", -MINUTE, 0, null],
    ["a minute and a millisecond ahead", -MINUTE - 1, 0, { direction: "ahead", minutes: 1 }],
    ["a minute and a millisecond behind", MINUTE + 1, 0, { direction: "behind", minutes: 1 }],
    ["40 minutes ahead", -40 * MINUTE, 150, { direction: "ahead", minutes: 40 }],
    ["90 seconds behind, the answer 30 s on the way", 90_000, 30_000, null],
    ["90 seconds behind, the answer 29.999 s on the way", 90_000, 29_999, { direction: "behind", minutes: 2 }],
  ] as const)("%s", (_, offsetMs, uncertaintyMs, expected) => {
    expect(clockSkew({ offsetMs, uncertaintyMs })).toEqual(expected);
  });

  it("takes another threshold when given one", () => {
    expect(clockSkew({ offsetMs: -30_000, uncertaintyMs: 0 }, 10_000)).toEqual({ direction: "ahead", minutes: 1 });
  });

  it("says how far, which way, and that the screen follows the clinic system's clock", () => {
    expect(clockSkewWarning({ direction: "ahead", minutes: 40 })).toBe(
      "This tablet's clock is 40 minutes ahead of the clinic system's. Times and countdowns on this screen follow the clinic system's clock; ask for the tablet's date and time to be set right.",
    );
    expect(clockSkewWarning({ direction: "behind", minutes: 1 })).toMatch(/^This tablet's clock is 1 minute behind the clinic system's\./);
  });
});
