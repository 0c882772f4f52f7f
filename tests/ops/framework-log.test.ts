import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { frameworkMessage, log, routeConsoleToLog } from "@/server/log";

/**
 * Issue 16, finding 9: malformed server-action requests put raw multi-line framework errors
 * in the log, some echoing the start of the body. Framework console output now goes through
 * the logger: one JSON line each, the error as class, code and frames, never its message.
 */

const BODY = '{"givenName":"Perpetua","nhsNumber":"9434765919"}';
let output = "";
const original = { error: console.error, warn: console.warn, level: log.level };

beforeAll(() => {
  log.level = "info";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    output += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    return true;
  });
  routeConsoleToLog();
});

afterAll(() => {
  console.error = original.error;
  console.warn = original.warn;
  log.level = original.level;
  vi.restoreAllMocks();
});

/** What React's decoder throws for a body that is not its format: the body quoted in the message. */
function decodeError(): Error {
  try {
    JSON.parse(`${BODY}\nsecond line`);
  } catch (error) {
    return error as Error;
  }
  throw new Error("unreachable");
}

describe("framework errors in the log", () => {
  it("writes an error logged by the framework as one JSON line, without its message", () => {
    output = "";
    console.error(" \u001b[31m⨯\u001b[39m", decodeError());
    const lines = output.split("\n").filter(Boolean);
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: "error", event: "framework", msg: "framework error", detail: "⨯", err: { type: "SyntaxError" } });
    expect(output).not.toContain("Perpetua");
    expect(output).not.toContain("9434765919");
  });

  it("keeps only the first line of a warning's text, cut short", () => {
    output = "";
    console.warn(`Request body exceeded 1MB for /today.\n${BODY}`);
    const line = JSON.parse(output.trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ level: "warn", event: "framework", detail: "Request body exceeded 1MB for /today." });
    expect(output).not.toContain("Perpetua");
    expect(frameworkMessage(["x".repeat(5000)]).detail).toHaveLength(200);
  });

  it("drops arguments that are neither text nor errors", () => {
    expect(frameworkMessage([{ body: BODY }, 42])).toEqual({});
  });
});
