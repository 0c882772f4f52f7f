import pino, { type Level, type Logger } from "pino";

/**
 * The application's one logger: JSON lines on stdout, level from LOG_LEVEL (default info;
 * silent under the test runner unless LOG_LEVEL says otherwise).
 *
 * Logs leave the clinical record's protection (they go to log shippers, terminals, support
 * tickets), so they carry ids only: staff user ids, site ids, entity ids, codes and counts.
 * Never a participant's name, date of birth, NHS number or reference, nor a staff member's
 * email. As a second line of defence every key that could carry identity or free text is
 * redacted wherever it appears (up to three levels deep), and errors are reduced to their
 * class, code and stack frames: a database error's message can echo the values of the
 * statement that failed.
 *
 * Not marked "server-only": the command-line scripts (some run without the react-server
 * condition) log through it too. Nothing in a client component may import it.
 */

/** Keys whose values are never written, at any of the first three levels of a log line. */
export const REDACTED_KEYS = [
  // people
  "name",
  "givenName",
  "familyName",
  "fullName",
  "dateOfBirth",
  "dob",
  "nhsNumber",
  "reference",
  "participantReference",
  "email",
  "witnessEmail",
  "address",
  "postcode",
  "phone",
  "ip",
  // secrets
  "password",
  "newPassword",
  "currentPassword",
  "passwordHash",
  "pin",
  "witnessPin",
  "witnessPinHash",
  "newPin",
  "confirmPin",
  "pinHash",
  "token",
  "secret",
  "authorization",
  "cookie",
  "connectionString",
  "databaseUrl",
  "url",
  // free text and raw input, which can hold any of the above
  "reason",
  "overrideReason",
  "clearNote",
  "note",
  "notes",
  "description",
  "csvText",
  "q",
  "query",
  "input",
  "form",
  "body",
] as const;

const REDACT_PATHS = REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

const LEVELS: readonly string[] = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

function levelFromEnv(): Level | "silent" {
  const wanted = process.env.LOG_LEVEL?.trim().toLowerCase();
  if (wanted && LEVELS.includes(wanted)) return wanted as Level | "silent";
  return process.env.VITEST ? "silent" : "info";
}

/** What is kept of an error: enough to find the fault, nothing the fault was about. */
export type SafeError = {
  type: string;
  /** Prisma's error code (P2003…), a PostgreSQL SQLSTATE, a RuleError code or a Node errno code. */
  code?: string;
  /** For Prisma errors: the model and the fields or constraint involved (names, never values). */
  model?: string;
  target?: string[];
  /** The driver's classification of a database error (e.g. ForeignKeyConstraintViolation). */
  kind?: string;
  /** PostgreSQL's SQLSTATE for a database error. */
  sqlState?: string;
  /** "at function (file:line:column)" lines, without the message that heads a stack. */
  frames?: string[];
  cause?: SafeError;
};

const CODE = /^[A-Za-z0-9_.:-]{1,64}$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

function safeCode(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isInteger(value)) return String(value);
  return typeof value === "string" && CODE.test(value) ? value : undefined;
}

function safeIdentifier(value: unknown): string | undefined {
  return typeof value === "string" && IDENTIFIER.test(value) ? value : undefined;
}

function safeTarget(value: unknown): string[] | undefined {
  const names = (Array.isArray(value) ? value : [value]).map(safeIdentifier).filter((v): v is string => Boolean(v));
  return names.length > 0 ? names : undefined;
}

const MAX_FRAMES = 6;

/**
 * An error reduced to its class, code and stack frames. The message is dropped: Prisma's
 * include the arguments of the failed call, PostgreSQL's detail the conflicting values, and
 * our own errors' messages may name what they refused.
 */
export function safeError(error: unknown, depth = 0): SafeError {
  if (!(error instanceof Error)) return { type: error === null ? "null" : typeof error };
  const out: SafeError = { type: safeIdentifier(error.constructor?.name) ?? safeIdentifier(error.name) ?? "Error" };
  const fields = error as Error & { code?: unknown; meta?: Record<string, unknown>; kind?: unknown };
  const code = safeCode(fields.code);
  if (code) out.code = code;
  const kind = safeIdentifier(fields.kind);
  if (kind) out.kind = kind;
  if (fields.meta && typeof fields.meta === "object") {
    const model = safeIdentifier(fields.meta.modelName);
    if (model) out.model = model;
    const target = safeTarget(fields.meta.target ?? fields.meta.field_name ?? fields.meta.constraint);
    if (target) out.target = target;
    const adapterCause = (fields.meta.driverAdapterError as { cause?: { kind?: unknown; originalCode?: unknown } } | undefined)?.cause;
    const adapterKind = safeIdentifier(adapterCause?.kind);
    if (adapterKind) out.kind = adapterKind;
    const sqlState = safeCode(adapterCause?.originalCode);
    if (sqlState) out.sqlState = sqlState;
  }
  const allFrames = (error.stack ?? "")
    .split("\n")
    .filter((line) => /^\s+at /.test(line))
    .map((line) => line.trim());
  // Our own code's frames say where it went wrong; a library's first frames rarely do.
  const ownFrames = allFrames.filter((line) => !line.includes("node_modules") && !line.includes("node:internal"));
  const frames = (ownFrames.length > 0 ? ownFrames : allFrames).slice(0, MAX_FRAMES);
  if (frames.length > 0) out.frames = frames;
  if (depth < 2 && error.cause !== undefined) out.cause = safeError(error.cause, depth + 1);
  return out;
}

function createLogger(): Logger {
  return pino(
    {
      level: levelFromEnv(),
      base: { service: "hat-clinic" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      serializers: { err: safeError, error: safeError },
    },
    // process.stdout rather than a sonic-boom file descriptor: one line per write, in order
    // with anything else the process prints, and capturable in tests.
    process.stdout,
  );
}

// One logger per process, kept on globalThis so Next's dev reloads do not stack up loggers.
const globalForLog = globalThis as unknown as { hatLogger?: Logger };

export const log: Logger = (globalForLog.hatLogger ??= createLogger());

/** What is kept of a console message's text: its first line, this long at most. */
const MAX_DETAIL = 200;
const CONTROL = /\u001b\[[0-9;]*m|[\u0000-\u001f\u007f]/g;

/**
 * A framework's console message reduced to what may be logged: the first Error among its
 * arguments (which the logger's `err` serializer reduces to class, code and frames; never
 * its message, which for a malformed request can quote the body), and the first line of its
 * text arguments, cut short. Other arguments (objects, requests) are dropped.
 */
export function frameworkMessage(args: readonly unknown[]): { err?: Error; detail?: string } {
  const error = args.find((arg): arg is Error => arg instanceof Error);
  const text = args
    .filter((arg): arg is string => typeof arg === "string")
    .join(" ")
    .split("\n")[0]!
    .replace(CONTROL, "")
    .trim()
    .slice(0, MAX_DETAIL);
  return { ...(error ? { err: error } : {}), ...(text ? { detail: text } : {}) };
}

/**
 * Next.js and React report request failures with console.error and console.warn: multi-line
 * stacks headed by messages that can echo the start of a request body. Once this has run
 * (instrumentation.ts, in production), each is one JSON line through the logger instead.
 */
export function routeConsoleToLog(): void {
  console.error = (...args: unknown[]) => log.error({ event: "framework", ...frameworkMessage(args) }, "framework error");
  console.warn = (...args: unknown[]) => log.warn({ event: "framework", ...frameworkMessage(args) }, "framework warning");
}
