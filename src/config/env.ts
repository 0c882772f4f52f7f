import { z } from "zod";
import { parseDatabaseUrl } from "@/db/config";
import { demoModeFrom } from "@/domain/demo-mode";

/**
 * Every environment variable the app and its scripts read, checked once at start-up
 * (instrumentation.ts for the server, `environment()` at the top of each script). A value
 * that does not parse stops the process with a message naming the variable, rather than
 * becoming NaN somewhere: `IDLE_TIMEOUT_MINUTES=30m` once meant sessions never timed out.
 */

const wholeNumber = (unit: string, { min, max, fallback }: { min: number; max: number; fallback: number }) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, { error: (issue) => `must be a whole number of ${unit}, such as ${fallback} (got "${String(issue.input).slice(0, 40)}")` })
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min} ${unit}`).max(max, `must be at most ${max} ${unit}`))
    .default(fallback);

const yesOrNo = z.enum(["true", "false", "1", "0", "yes", "no"], { error: "must be true or false" }).transform((v) => v === "true" || v === "1" || v === "yes");

const EnvironmentSchema = z
  .object({
    DATABASE_URL: z
      .string()
      .optional()
      .superRefine((value, context) => {
        try {
          parseDatabaseUrl(value);
        } catch (error) {
          context.addIssue({ code: "custom", message: (error as Error).message });
        }
      }),
    NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters (for example `openssl rand -base64 32`)").optional(),
    NEXTAUTH_URL: z.url({ error: "must be the app's public URL, such as https://clinic.example" }).optional(),
    IDLE_TIMEOUT_MINUTES: wholeNumber("minutes", { min: 1, max: 24 * 60, fallback: 30 }),
    SESSION_MAX_HOURS: wholeNumber("hours", { min: 1, max: 24, fallback: 12 }),
    /** How many reverse proxies in front of the app append to X-Forwarded-For and are trusted (0: the app faces clients directly). */
    TRUSTED_PROXY_HOPS: wholeNumber("proxies", { min: 0, max: 5, fallback: 0 }),
    /** "1" runs the demo: its accounts may sign in (src/domain/demo-mode.ts). */
    HAT_DEMO: z.string().optional(),
    /** Administrators and prescribers must sign in with an authenticator code: by default on, and off in the demo. */
    REQUIRE_SECOND_FACTOR: yesOrNo.optional(),
    LOG_LEVEL: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], { error: "must be fatal, error, warn, info, debug, trace or silent" })
      .optional(),
    PG_BINDIR: z.string().optional(),
  })
  // NEXTAUTH_SECRET is required with PostgreSQL only by the server (authSecret, asked at its
  // start in instrumentation.ts): scripts such as a backup sign no session.
  .transform((env) => ({ ...env, REQUIRE_SECOND_FACTOR: env.REQUIRE_SECOND_FACTOR ?? !demoModeFrom({ HAT_DEMO: env.HAT_DEMO }) }));

export type Environment = z.output<typeof EnvironmentSchema>;

export class EnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`The environment is not valid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvironmentError";
  }
}

/** Blank values count as unset, so `IDLE_TIMEOUT_MINUTES=` means the default. */
export function parseEnvironment(source: Record<string, string | undefined>): Environment {
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value.trim() !== ""));
  const parsed = EnvironmentSchema.safeParse(present);
  if (!parsed.success) {
    throw new EnvironmentError(parsed.error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message)));
  }
  return parsed.data;
}

let checked: Environment | undefined;

/** This process's environment, checked on first use. */
export function environment(): Environment {
  checked ??= parseEnvironment(process.env);
  return checked;
}
