import { describe, expect, it } from "vitest";
import { passwordWeakness } from "@/domain/password-strength";

describe("what a new password must be", () => {
  it.each([
    ["password1234", /too easy to guess.*commonly used password/],
    ["Password1234!", /too easy to guess/],
    ["qwertyuiopasdf", /too easy to guess/],
    ["aaaaaaaaaaaaaaaa", /too easy to guess/],
    ["short-one", /at least 12 characters/],
    ["x".repeat(201), /at most 200 characters/],
  ])("refuses %s with a clear message", (password, message) => {
    expect(passwordWeakness(password)).toMatch(message);
  });

  it.each(["correct horse battery", "kettle-orbit-violet-47", "another long secret"])("accepts %s: long and hard to guess, no symbols required", (password) => {
    expect(passwordWeakness(password)).toBeNull();
  });

  it("answers quickly for a 100,000-character value", () => {
    const started = Date.now();
    expect(passwordWeakness("y".repeat(100_000))).toMatch(/at most/);
    expect(Date.now() - started).toBeLessThan(100);
  });
});
