import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { IDLE_TIMEOUT_SECONDS, SESSION_MAX_SECONDS } from "@/auth/session-policy";
import { LIVE_REFRESH_COOKIE, TODAY_VERSION_PATH } from "@/domain/live-today";
import { proxy } from "../../proxy";

/**
 * What the proxy does with a request whose session has ended (issue 8, "Entries lost"). A
 * page is sent to sign in; a server action is let through to the action, which answers
 * "unauthenticated" as a result the form shows beside what was typed. A redirect in answer
 * to an action call is a page the form cannot read: it crashed to "This page couldn't load".
 */

const SECRET = "proxy-test-secret-not-used-anywhere-else";
const COOKIE = "next-auth.session-token";
const ACTION_ID = "7f0c5e0c2a1b3d4e5f60718293a4b5c6d7e8f90a1b";

beforeAll(() => {
  process.env.NEXTAUTH_SECRET = SECRET;
});

const now = () => Math.floor(Date.now() / 1000);

async function sessionCookie(clock: { signedInAgo: number; idleFor: number }): Promise<string> {
  const t = now();
  return encode({
    token: { uid: "u1", name: "Nina Shah", role: "NURSE", siteId: "s1", sessionVersion: 0, signedInAt: t - clock.signedInAgo, lastActivityAt: t - clock.idleFor },
    secret: SECRET,
    maxAge: SESSION_MAX_SECONDS,
  });
}

const ENDED = {
  idle: { signedInAgo: 2 * 3600, idleFor: IDLE_TIMEOUT_SECONDS + 60 },
  expired: { signedInAgo: SESSION_MAX_SECONDS + 60, idleFor: 60 },
};

function request(path: string, options: { cookie?: string; method?: "GET" | "POST"; serverAction?: boolean; liveRefresh?: boolean } = {}) {
  const headers = new Headers();
  if (options.cookie) headers.set("cookie", `${COOKIE}=${options.cookie}; theme=plain${options.liveRefresh ? `; ${LIVE_REFRESH_COOKIE}=1` : ""}`);
  if (options.serverAction) {
    headers.set("next-action", ACTION_ID);
    headers.set("content-type", "multipart/form-data; boundary=----x");
  }
  const method = options.method ?? (options.serverAction ? "POST" : "GET");
  const form = `------x\r\nContent-Disposition: form-data; name="1_note"\r\n\r\nall well\r\n------x--\r\n`;
  return new NextRequest(`http://clinic.test${path}`, { method, headers, body: method === "POST" ? form : undefined });
}

/** The request headers the proxy hands on to the page or action (Next.js' middleware protocol). */
function forwardedCookie(response: Response): string {
  return response.headers.get("x-middleware-request-cookie") ?? "";
}

const passedOn = (response: Response) => response.headers.get("x-middleware-next") === "1";
const sessionCleared = (response: Response) => /next-auth\.session-token=;/.test(response.headers.get("set-cookie") ?? "");

describe("a server action sent after the session has ended", () => {
  for (const [why, clock] of Object.entries(ENDED)) {
    it(`reaches the action (${why}) without the ended session, setting no cookie (which would make Next.js render the page again)`, async () => {
      const response = await proxy(request("/today", { cookie: await sessionCookie(clock), serverAction: true }));
      expect(response.status).toBe(200);
      expect(passedOn(response)).toBe(true);
      expect(response.headers.get("location")).toBeNull();
      expect(forwardedCookie(response)).not.toContain(COOKIE);
      expect(forwardedCookie(response)).toContain("theme=plain");
      expect(response.headers.get("set-cookie")).toBeNull();
      expect(response.headers.get("content-security-policy")).toContain("script-src");
    });
  }

  it("reaches the action when the browser no longer has a session cookie at all", async () => {
    const response = await proxy(request("/today", { serverAction: true }));
    expect(passedOn(response)).toBe(true);
    expect(response.headers.get("location")).toBeNull();
  });

  it("slides the idle timer of a session still alive, as for any request", async () => {
    const response = await proxy(request("/today", { cookie: await sessionCookie({ signedInAgo: 3600, idleFor: 60 }), serverAction: true }));
    expect(passedOn(response)).toBe(true);
    expect(forwardedCookie(response)).toContain(COOKIE);
    expect(response.cookies.get(COOKIE)?.value).toBeTruthy();
  });
});

describe("a page asked for after the session has ended", () => {
  it("is sent to sign in, saying why and remembering where the nurse was", async () => {
    const response = await proxy(request("/today?date=2026-03-10&slot=AM", { cookie: await sessionCookie(ENDED.idle) }));
    expect(response.status).toBe(307);
    const location = new URL(response.headers.get("location")!);
    expect(location.pathname).toBe("/login");
    expect(location.searchParams.get("ended")).toBe("idle");
    expect(location.searchParams.get("callbackUrl")).toBe("/today?date=2026-03-10&slot=AM");
    expect(sessionCleared(response)).toBe(true);
  });

  it("keeps the sign-in page's own return address", async () => {
    const response = await proxy(request(`/login?callbackUrl=${encodeURIComponent("/today#participant-p1")}`, { cookie: await sessionCookie(ENDED.expired) }));
    const location = new URL(response.headers.get("location")!);
    expect(location.pathname).toBe("/login");
    expect(location.searchParams.get("ended")).toBe("expired");
    expect(location.searchParams.get("callbackUrl")).toBe("/today#participant-p1");
  });

  it("is sent to sign in with a GET when it was a form posted without the page script (no replayed POST)", async () => {
    const response = await proxy(request("/today", { cookie: await sessionCookie(ENDED.idle), method: "POST" }));
    expect(response.status).toBe(303);
    expect(new URL(response.headers.get("location")!).pathname).toBe("/login");
  });

  it("still answers an API call with 401", async () => {
    const response = await proxy(request("/api/admin/audit", { cookie: await sessionCookie(ENDED.idle) }));
    expect(response.status).toBe(401);
  });
});

describe("the live Today keeps nobody signed in (issue 18)", () => {
  const alive = { signedInAgo: 3600, idleFor: 60 };

  it("does not slide the idle timer for the version check a Today page makes every few seconds", async () => {
    const response = await proxy(request(TODAY_VERSION_PATH, { cookie: await sessionCookie(alive) }));
    expect(passedOn(response)).toBe(true);
    expect(response.cookies.get(COOKIE)).toBeUndefined();
  });

  it("does not slide it for the reload that follows a change made elsewhere", async () => {
    const response = await proxy(request("/today", { cookie: await sessionCookie(alive), liveRefresh: true }));
    expect(passedOn(response)).toBe(true);
    expect(response.cookies.get(COOKIE)).toBeUndefined();
  });

  it("slides it for a step the nurse sends meanwhile, and for the page asked for by hand", async () => {
    const action = await proxy(request("/today", { cookie: await sessionCookie(alive), serverAction: true, liveRefresh: true }));
    expect(action.cookies.get(COOKIE)?.value).toBeTruthy();
    const page = await proxy(request("/today", { cookie: await sessionCookie(alive) }));
    expect(page.cookies.get(COOKIE)?.value).toBeTruthy();
  });

  it("ends an idle session at the version check: the page learns it is signed out (401)", async () => {
    const response = await proxy(request(TODAY_VERSION_PATH, { cookie: await sessionCookie(ENDED.idle) }));
    expect(response.status).toBe(401);
  });
});
