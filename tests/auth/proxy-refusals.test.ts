import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { REQUEST_PATH_HEADER } from "@/auth/routes";
import { SESSION_MAX_SECONDS } from "@/auth/session-policy";
import { proxy } from "../../proxy";

/**
 * Issue 16, finding 7: the proxy, which has no database, refused a wrong role unrecorded.
 * It now sends every such request, API calls included, to the 403 page, which records the
 * refusal with the path the proxy passes on (tests/server/access-audit.test.ts).
 */

const SECRET = "proxy-refusals-test-secret";

beforeAll(() => {
  process.env.NEXTAUTH_SECRET = SECRET;
});

async function asNurse(path: string, headers: Record<string, string> = {}): Promise<Response> {
  const now = Math.floor(Date.now() / 1000);
  const token = await encode({ token: { uid: "u1", role: "NURSE", siteId: "s1", signedInAt: now - 60, lastActivityAt: now - 10, sessionVersion: 0 }, secret: SECRET, maxAge: SESSION_MAX_SECONDS });
  return proxy(new NextRequest(`http://clinic.test${path}`, { headers: { cookie: `next-auth.session-token=${token}`, ...headers } }));
}

const rewrittenTo = (response: Response) => response.headers.get("x-middleware-rewrite");
const forwardedPath = (response: Response) => response.headers.get(`x-middleware-request-${REQUEST_PATH_HEADER}`);

describe("a wrong role's request", () => {
  it.each(["/admin/audit", "/api/board/figures.csv", "/api/admin/audit"])("%s goes to the 403 page with the path asked for", async (path) => {
    const response = await asNurse(path);
    expect(rewrittenTo(response)).toBe("http://clinic.test/403");
    expect(forwardedPath(response)).toBe(path);
  });

  it("carries the path the proxy saw, never one the client sent", async () => {
    const response = await asNurse("/admin", { [REQUEST_PATH_HEADER]: "/somewhere-else" });
    expect(forwardedPath(response)).toBe("/admin");
  });

  // Reproduced through the running server: Next.js runs the proxy again for the rewritten
  // /403 request, and that second pass overwrote the path with "/403", so the page recorded
  // nothing. The second pass keeps the path the first one passed on.
  it("the 403 page's own pass keeps the path of the request that was refused", async () => {
    const response = await asNurse("/403", { [REQUEST_PATH_HEADER]: "/admin/audit" });
    expect(forwardedPath(response)).toBe("/admin/audit");
  });

  it("the 403 page opened directly carries its own path, which the page does not record", async () => {
    expect(forwardedPath(await asNurse("/403"))).toBe("/403");
  });

  it("an allowed page is passed on with its path too", async () => {
    const response = await asNurse("/today");
    expect(response.headers.get("x-middleware-next")).toBe("1");
    expect(forwardedPath(response)).toBe("/today");
  });
});
