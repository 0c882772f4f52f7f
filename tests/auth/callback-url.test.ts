import { describe, expect, it } from "vitest";
import { returnAddress } from "@/auth/callback-url";

describe("where sign-in returns to", () => {
  it.each([
    ["a page on this site", "/today", "/today"],
    ["a participant's card on Today", "/today#participant-pt_HAT-0001", "/today#participant-pt_HAT-0001"],
    ["a page with its query", "/today?date=2026-03-10&slot=AM", "/today?date=2026-03-10&slot=AM"],
    ["a path with dot segments, resolved", "/participants/../today", "/today"],
  ])("keeps %s", (_, given, kept) => {
    expect(returnAddress(given)).toBe(kept);
  });

  it.each([
    ["nothing", undefined],
    ["an empty value", ""],
    ["another site", "https://evil.example/today"],
    ["another site without a scheme", "//evil.example/today"],
    ["another site behind a backslash (browsers read it as a slash)", "/\\evil.example/today"],
    ["another site behind a tab (browsers drop it)", "/\t/evil.example"],
    ["a script", "javascript:alert(1)"],
    ["a relative path", "today"],
    ["the sign-in page itself", "/login?callbackUrl=%2Ftoday"],
  ])("refuses %s and returns home instead", (_, given) => {
    expect(returnAddress(given)).toBe("/");
  });
});
