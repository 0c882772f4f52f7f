import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { EnvironmentError, parseEnvironment } from "@/config/env";

function problems(source: Record<string, string>): string[] {
  try {
    parseEnvironment(source);
  } catch (error) {
    if (error instanceof EnvironmentError) return error.problems;
    throw error;
  }
  return [];
}

describe("the environment, checked at start-up", () => {
  it("takes the defaults when nothing is set, or a value is blank", () => {
    expect(parseEnvironment({ IDLE_TIMEOUT_MINUTES: "" })).toMatchObject({
      IDLE_TIMEOUT_MINUTES: 30,
      SESSION_MAX_HOURS: 12,
      TRUSTED_PROXY_HOPS: 0,
      REQUIRE_SECOND_FACTOR: true,
    });
  });

  it("reads whole numbers and yes/no values", () => {
    expect(parseEnvironment({ IDLE_TIMEOUT_MINUTES: " 15 ", SESSION_MAX_HOURS: "8", TRUSTED_PROXY_HOPS: "1", REQUIRE_SECOND_FACTOR: "false" })).toMatchObject({
      IDLE_TIMEOUT_MINUTES: 15,
      SESSION_MAX_HOURS: 8,
      TRUSTED_PROXY_HOPS: 1,
      REQUIRE_SECOND_FACTOR: false,
    });
  });

  // Issue 16, finding 5: IDLE_TIMEOUT_MINUTES=30m parsed to NaN and sessions never timed out.
  it("refuses IDLE_TIMEOUT_MINUTES=30m with a message naming the variable and the value", () => {
    expect(problems({ IDLE_TIMEOUT_MINUTES: "30m" })).toEqual(['IDLE_TIMEOUT_MINUTES: must be a whole number of minutes, such as 30 (got "30m")']);
    expect(() => parseEnvironment({ IDLE_TIMEOUT_MINUTES: "30m" })).toThrow(/The environment is not valid:\n  - IDLE_TIMEOUT_MINUTES/);
  });

  it.each([
    [{ IDLE_TIMEOUT_MINUTES: "0" }, /IDLE_TIMEOUT_MINUTES: must be at least 1 minutes/],
    [{ SESSION_MAX_HOURS: "48" }, /SESSION_MAX_HOURS: must be at most 24 hours/],
    [{ SESSION_MAX_HOURS: "1.5" }, /SESSION_MAX_HOURS: must be a whole number/],
    [{ TRUSTED_PROXY_HOPS: "-1" }, /TRUSTED_PROXY_HOPS: must be a whole number/],
    [{ REQUIRE_SECOND_FACTOR: "maybe" }, /REQUIRE_SECOND_FACTOR: must be true or false/],
    [{ LOG_LEVEL: "loud" }, /LOG_LEVEL: must be fatal, error/],
    [{ NEXTAUTH_URL: "clinic" }, /NEXTAUTH_URL: must be the app's public URL/],
    [{ NEXTAUTH_SECRET: "short" }, /NEXTAUTH_SECRET: must be at least 32 characters/],
    [{ DATABASE_URL: "mysql://x" }, /DATABASE_URL: DATABASE_URL must be unset/],
  ])("refuses %o", (source, message) => {
    expect(problems(source).join("\n")).toMatch(message);
  });

  it("lets a script against PostgreSQL run without the session key only the server needs", () => {
    expect(parseEnvironment({ DATABASE_URL: "postgresql://db/hat" })).toMatchObject({ DATABASE_URL: "postgresql://db/hat" });
  });

  it("lists every problem at once", () => {
    expect(problems({ IDLE_TIMEOUT_MINUTES: "30m", SESSION_MAX_HOURS: "twelve" })).toHaveLength(2);
  });
});

describe("server processes (server.mjs, WEB_CONCURRENCY)", () => {
  // Refused before anything starts: no build or database is needed to see the answer.
  const start = (env: Record<string, string>) =>
    spawnSync(process.execPath, ["server.mjs", "-p", "0"], { env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", ...env }, encoding: "utf8", timeout: 20_000 });

  it.each([
    [{ DATABASE_URL: "pglite:./data/never-opened", WEB_CONCURRENCY: "2" }, "WEB_CONCURRENCY must be 1 with the embedded database"],
    [{ WEB_CONCURRENCY: "2" }, "WEB_CONCURRENCY must be 1 with the embedded database"],
    [{ DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none", WEB_CONCURRENCY: "two" }, 'WEB_CONCURRENCY must be a whole number of server processes from 1 to 16 (got "two")'],
    [{ DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none", WEB_CONCURRENCY: "0" }, "WEB_CONCURRENCY must be a whole number"],
  ])("refuses %o with a message", (env, message) => {
    const result = start(env);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(message);
  });
});
