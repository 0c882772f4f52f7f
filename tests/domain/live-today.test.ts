import { describe, expect, it } from "vitest";
import { countsAsActivity, LIVE_REFRESH_COOKIE, TODAY_VERSION_PATH, todayVersionStamp } from "@/domain/live-today";

describe("the live Today's version stamp", () => {
  it("changes with the count of the day's changes and with the day", () => {
    expect(todayVersionStamp("2026-03-10", 4)).not.toBe(todayVersionStamp("2026-03-10", 5));
    expect(todayVersionStamp("2026-03-10", 4)).not.toBe(todayVersionStamp("2026-03-11", 4));
  });
});

describe("what counts as the user's activity (the idle time-out)", () => {
  const request = (pathname: string, method = "GET", cookieNames: string[] = []) => ({ pathname, method, cookieNames });
  it("is any page or action", () => {
    expect(countsAsActivity(request("/today"))).toBe(true);
    expect(countsAsActivity(request("/today", "POST", [LIVE_REFRESH_COOKIE]))).toBe(true);
    expect(countsAsActivity(request("/api/today/versions"))).toBe(true);
  });
  it("is not next-auth's session polling, the version check or the reload it triggers", () => {
    expect(countsAsActivity(request("/api/auth/session"))).toBe(false);
    expect(countsAsActivity(request(TODAY_VERSION_PATH))).toBe(false);
    expect(countsAsActivity(request("/today", "GET", [LIVE_REFRESH_COOKIE]))).toBe(false);
  });
});
