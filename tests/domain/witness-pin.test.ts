import { describe, expect, it } from "vitest";
import { witnessPinLock, witnessPinProblem, type WitnessPinAttempt } from "@/domain/witness-pin";

describe("choosing a witness PIN", () => {
  it.each(["135792", "246813", "20261109", "9071348", "864219"])("accepts %s", (pin) => {
    expect(witnessPinProblem(pin)).toBeNull();
  });

  it.each([
    ["12345", "at least 6 digits"],
    ["1357", "at least 6 digits"],
    ["123456789", "at most 8 digits"],
    ["12a456", "digits only"],
    ["", "digits only"],
    ["123456", "run"],
    ["654321", "run"],
    ["890123", "run"],
    ["01234567", "run"],
    ["111111", "repeated"],
    ["000000", "repeated"],
    ["121212", "repeated"],
    ["123123", "repeated"],
    ["12341234", "repeated"],
    ["112233", "common"],
    ["159753", "common"],
  ])("refuses %s (%s)", (pin, why) => {
    expect(witnessPinProblem(pin)).toMatch(new RegExp(why));
  });
});

describe("locking a witness PIN after wrong guesses", () => {
  const now = new Date("2026-11-23T10:00:00Z");
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
  const wrong = (...minutes: number[]): WitnessPinAttempt[] => minutes.map((m) => ({ at: minutesAgo(m), succeeded: false }));

  it.each([
    [0, false],
    [4, false],
    [5, true],
    [6, true],
  ])("with %i wrong PINs in the last minutes, locked is %s", (count, locked) => {
    expect(witnessPinLock(wrong(...Array.from({ length: count }, (_, i) => i)), now).locked).toBe(locked);
  });

  it("locks until 15 minutes after the newest wrong PIN", () => {
    expect(witnessPinLock(wrong(2, 3, 4, 5, 6), now)).toEqual({ locked: true, until: new Date(minutesAgo(2).getTime() + 15 * 60_000) });
  });

  it("unlocks a full window after the newest wrong PIN", () => {
    expect(witnessPinLock(wrong(15, 16, 17, 18, 19), now).locked).toBe(false);
    expect(witnessPinLock(wrong(14.9, 16, 17, 18, 19), now).locked).toBe(true);
  });

  it("does not lock for wrong PINs spread wider than the window", () => {
    expect(witnessPinLock(wrong(0, 4, 8, 12, 16), now).locked).toBe(false);
  });

  it("counts only the wrong PINs since the witness last typed the right one", () => {
    const attempts = [...wrong(1, 2, 3, 4), { at: minutesAgo(5), succeeded: true }, ...wrong(6, 7)];
    expect(witnessPinLock(attempts, now).locked).toBe(false);
    expect(witnessPinLock([...attempts, ...wrong(0.5)], now).locked).toBe(true);
  });

  it("takes a right PIN typed at the same instant as wrong ones as the later", () => {
    const attempts = [...wrong(0, 0, 0, 0), { at: now, succeeded: true }, ...wrong(0)];
    expect(witnessPinLock(attempts, now).locked).toBe(false);
  });

  it("counts PINs still being checked as wrong, so a burst sent at once gets no more than five", () => {
    const inFlight: WitnessPinAttempt[] = Array.from({ length: 5 }, () => ({ at: now, succeeded: null }));
    expect(witnessPinLock(inFlight, now).locked).toBe(true);
    expect(witnessPinLock(inFlight.slice(0, 4), now).locked).toBe(false);
  });
});
