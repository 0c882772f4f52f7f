import { describe, expect, it } from "vitest";
import { returnAddress, sameSitePath } from "@/auth/callback-url";

const SITE = "https://clinic.example";

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
    ["another site behind a newline", "/\n/evil.example"],
    ["another site behind a carriage return and a backslash", "/\r\\evil.example"],
    ["a script", "javascript:alert(1)"],
    ["a relative path", "today"],
    ["the sign-in page itself", "/login?callbackUrl=%2Ftoday"],
  ])("refuses %s and returns home instead", (_, given) => {
    expect(returnAddress(given)).toBe("/");
  });

  // Issue 16, finding 4: `/login?callbackUrl=/%5Cexample.org/phish` (and a %09 variant) left
  // the site. The page reads the query decoded; a value passed on still encoded must stay too.
  it.each([
    ["/%5Cexample.org/phish, as the page reads it (decoded)", decodeURIComponent("/%5Cexample.org/phish")],
    ["/%5Cexample.org/phish, still encoded", "/%5Cexample.org/phish"],
    ["/%09/example.org, decoded", decodeURIComponent("/%09/example.org")],
    ["/%09/example.org, still encoded", "/%09/example.org"],
    ["/%5C%5Cexample.org, decoded", decodeURIComponent("/%5C%5Cexample.org")],
    ["/%2F%2Fexample.org, decoded", decodeURIComponent("/%2F%2Fexample.org")],
    ["/%09%5Cexample.org, decoded", decodeURIComponent("/%09%5Cexample.org")],
    ["/%255Cexample.org (encoded twice), decoded once", decodeURIComponent("/%255Cexample.org")],
    ["a tab inside the scheme-relative slashes", "/\t\\example.org"],
  ])("never leaves the site for %s", (_, given) => {
    const kept = returnAddress(given);
    expect(kept.startsWith("/")).toBe(true);
    expect(new URL(kept, SITE).origin).toBe(SITE);
  });
});

describe("where next-auth may send the browser (its redirect callback)", () => {
  it("keeps the sign-in page, where signing out goes", () => {
    expect(sameSitePath("/login")).toBe("/login");
  });

  it.each(["/\\example.org/phish", "/\t/example.org", "//example.org", "https://example.org/"])("refuses %s", (given) => {
    expect(sameSitePath(given)).toBe("/");
  });
});
