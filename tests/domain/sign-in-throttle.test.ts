import { describe, expect, it } from "vitest";
import { throttleDecision, type ThrottlePolicy } from "@/domain/sign-in-throttle";

const policy: ThrottlePolicy = { maxFailuresPerAccount: 5, maxFailuresPerAddress: 20, windowMinutes: 15 };
const now = new Date("2026-11-23T10:00:00Z");
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
const failures = (count: number, everyMinutes = 1) => Array.from({ length: count }, (_, i) => minutesAgo(i * everyMinutes));

describe("sign-in throttling", () => {
  it.each([
    [0, false],
    [4, false],
    [5, true],
    [6, true],
  ])("with %i recent account failures, locked is %s", (count, locked) => {
    expect(throttleDecision({ accountFailures: failures(count), addressFailures: [], now }, policy).locked).toBe(locked);
  });

  it("locks until 15 minutes after the newest failure", () => {
    const decision = throttleDecision({ accountFailures: failures(5).map((d) => new Date(d.getTime() - 120_000)), addressFailures: [], now }, policy);
    expect(decision).toEqual({ locked: true, until: new Date(now.getTime() - 120_000 + 15 * 60_000) });
  });

  it("releases the lock a full window after the last failure of the run", () => {
    const run = [minutesAgo(18), minutesAgo(17), minutesAgo(16), minutesAgo(15.5), minutesAgo(14)];
    expect(throttleDecision({ accountFailures: run, addressFailures: [], now }, policy)).toEqual({ locked: true, until: new Date(now.getTime() + 60_000) });
    const expired = run.map((d) => new Date(d.getTime() - 60_000));
    expect(throttleDecision({ accountFailures: expired, addressFailures: [], now }, policy).locked).toBe(false);
  });

  it("does not lock for failures spread wider than the window", () => {
    const spread = [minutesAgo(0), minutesAgo(4), minutesAgo(8), minutesAgo(12), minutesAgo(16)];
    expect(throttleDecision({ accountFailures: spread, addressFailures: [], now }, policy).locked).toBe(false);
  });

  it.each([
    [19, false],
    [20, true],
  ])("with %i recent failures from one address, locked is %s", (count, locked) => {
    expect(throttleDecision({ accountFailures: [], addressFailures: failures(count, 0.5), now }, policy).locked).toBe(locked);
  });
});
