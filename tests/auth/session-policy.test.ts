import { describe, expect, it } from "vitest";
import { IDLE_TIMEOUT_SECONDS, SESSION_MAX_SECONDS, sessionEnded } from "@/auth/session-policy";

const signedInAt = 1_800_000_000;

describe("session lifetime on shared clinic tablets", () => {
  it("defaults to 12 hours at most and 30 idle minutes", () => {
    expect(SESSION_MAX_SECONDS).toBe(12 * 3600);
    expect(IDLE_TIMEOUT_SECONDS).toBe(30 * 60);
  });

  it.each([
    ["just signed in", 0, 0, null],
    ["active, 29 min 59 s since the last request", 3 * 3600, 3 * 3600 - (30 * 60 - 1), null],
    ["idle for exactly 30 minutes", 3 * 3600, 3 * 3600 - 30 * 60, "idle"],
    ["active all shift, one second short of 12 hours", 12 * 3600 - 1, 12 * 3600 - 60, null],
    ["active all shift, at 12 hours", 12 * 3600, 12 * 3600 - 60, "expired"],
  ])("when %s: %s", (_, elapsed, sinceSignInAtLastActivity, ended) => {
    const clock = { signedInAt, lastActivityAt: signedInAt + sinceSignInAtLastActivity };
    expect(sessionEnded(clock, signedInAt + elapsed)).toBe(ended);
  });
});
