import { describe, expect, it } from "vitest";
import { DEFAULT_THROTTLE, throttleDecision, type ThrottleInput } from "@/domain/sign-in-throttle";

const now = new Date("2026-11-23T10:00:00Z");
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
const failures = (count: number, everyMinutes = 1) => Array.from({ length: count }, (_, i) => minutesAgo(i * everyMinutes));
const none: ThrottleInput = { accountAtAddressFailures: [], accountFailures: [], addressFailures: [], now };

describe("sign-in throttling", () => {
  it.each([
    [0, false],
    [4, false],
    [5, true],
    [6, true],
  ])("with %i recent failures for one account at one address, locked is %s", (count, locked) => {
    expect(throttleDecision({ ...none, accountAtAddressFailures: failures(count), accountFailures: failures(count) }).locked).toBe(locked);
  });

  it("locks until 15 minutes after the newest failure", () => {
    const run = failures(5).map((d) => new Date(d.getTime() - 120_000));
    expect(throttleDecision({ ...none, accountAtAddressFailures: run, accountFailures: run })).toEqual({ locked: true, until: new Date(now.getTime() - 120_000 + 15 * 60_000) });
  });

  it("releases the lock a full window after the last failure of the run", () => {
    const run = [minutesAgo(18), minutesAgo(17), minutesAgo(16), minutesAgo(15.5), minutesAgo(14)];
    expect(throttleDecision({ ...none, accountAtAddressFailures: run })).toEqual({ locked: true, until: new Date(now.getTime() + 60_000) });
    const expired = run.map((d) => new Date(d.getTime() - 60_000));
    expect(throttleDecision({ ...none, accountAtAddressFailures: expired }).locked).toBe(false);
  });

  it("does not lock for failures spread wider than the window", () => {
    const spread = [minutesAgo(0), minutesAgo(4), minutesAgo(8), minutesAgo(12), minutesAgo(16)];
    expect(throttleDecision({ ...none, accountAtAddressFailures: spread }).locked).toBe(false);
  });

  it.each([
    [24, false],
    [25, true],
  ])("with %i failures for the account from anywhere within the hour, locked is %s (the slow limit)", (count, locked) => {
    expect(throttleDecision({ ...none, accountFailures: failures(count, 2) }).locked).toBe(locked);
  });

  it("locks the account everywhere for an hour after the slow limit", () => {
    expect(throttleDecision({ ...none, accountFailures: failures(25, 2) })).toEqual({ locked: true, until: new Date(now.getTime() + 60 * 60_000) });
  });

  it("a stranger's failures elsewhere, under the slow limit, leave the account open at its own address", () => {
    expect(throttleDecision({ ...none, accountFailures: failures(20), accountAtAddressFailures: [] }).locked).toBe(false);
  });

  it.each([
    [19, false],
    [20, true],
  ])("with %i recent failures from one address across accounts, locked is %s", (count, locked) => {
    expect(throttleDecision({ ...none, addressFailures: failures(count, 0.5) }).locked).toBe(locked);
  });

  it("keeps the limits the README states", () => {
    expect(DEFAULT_THROTTLE).toEqual({
      accountAtAddress: { maxFailures: 5, windowMinutes: 15 },
      account: { maxFailures: 25, windowMinutes: 60 },
      address: { maxFailures: 20, windowMinutes: 15 },
    });
  });
});
