import { beforeAll, describe, expect, it, vi } from "vitest";

/**
 * Issue 16, finding 9: an oversized X-Forwarded-For made the sign-in's database write fail,
 * and next-auth put the database's message (table and index names) into the redirect URL.
 * Whatever goes wrong inside sign-in, the answer now carries a fixed word only.
 */

const DATABASE_MESSAGE = 'index row size 9000 exceeds btree version 4 maximum 2704 for index "SignInAttempt_ip_at_idx"';

vi.mock("@/server/sign-in", () => ({
  signIn: async () => {
    throw new Error(DATABASE_MESSAGE);
  },
}));
vi.mock("@/db/client", () => ({ db: () => ({}) }));

const { default: NextAuth } = await import("next-auth");
const { authOptions } = await import("@/auth/options");

beforeAll(() => {
  process.env.NEXTAUTH_SECRET = "sign-in-error-test-secret";
  process.env.NEXTAUTH_URL = "http://clinic.test";
});

type Answer = { status: number; headers: Record<string, string | string[]>; body?: unknown };

/** next-auth's own request handling (its API-route entry; the app route wraps the same core). */
async function nextAuth(path: string[], request: { method: string; headers?: Record<string, string>; cookies?: Record<string, string>; body?: Record<string, string> }): Promise<Answer> {
  const answer: Answer = { status: 200, headers: {} };
  const res = {
    status: (code: number) => ((answer.status = code), res),
    setHeader: (key: string, value: string | string[]) => ((answer.headers[key.toLowerCase()] = value), res),
    getHeader: (key: string) => answer.headers[key.toLowerCase()],
    json: (body: unknown) => void (answer.body = body),
    send: (body: unknown) => void (answer.body = body),
    end: () => {},
  };
  const req = { query: { nextauth: path }, headers: {}, cookies: {}, body: {}, ...request };
  await (NextAuth as unknown as (req: unknown, res: unknown, options: unknown) => Promise<void>)(req, res, authOptions());
  return answer;
}

describe("a sign-in that fails inside", () => {
  it("answers with a fixed error code in the redirect, never the database's message", async () => {
    const csrf = await nextAuth(["csrf"], { method: "GET" });
    const setCookies = [csrf.headers["set-cookie"] ?? []].flat();
    const cookies = Object.fromEntries(setCookies.map((c) => c.split(";")[0]!.split("=") as [string, string]).map(([k, v]) => [k, decodeURIComponent(v)]));
    const { csrfToken } = csrf.body as { csrfToken: string };
    const answer = await nextAuth(["callback", "credentials"], {
      method: "POST",
      headers: { "x-forwarded-for": "1".repeat(9000) },
      cookies,
      body: { csrfToken, email: "nurse@hat.example", password: "whatever", json: "true" },
    });
    expect(answer.body).toEqual({ url: "http://clinic.test/api/auth/error?error=unavailable" });
    expect(JSON.stringify(answer)).not.toMatch(/SignInAttempt|btree|index row/);
  });
});
