import "server-only";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { z } from "zod";
import { Prisma } from "@/generated/prisma/client";
import type { Actor } from "@/auth/actor";
import { can, type Requirement } from "@/auth/permissions";
import { currentActor } from "@/auth/session";
import { db, type Db, type Tx } from "@/db/client";
import { NOT_A_FORM } from "@/domain/request-limits";
import { recordAccess } from "./access-audit";
import type { PendingStep } from "@/domain/second-factor";
import type { ActionResult, ActionState } from "./action-result";
import { RuleError } from "./errors";
import { log } from "./log";

export type { ActionResult, ActionState } from "./action-result";

type ActionSpec<S extends z.ZodType, T, B> = {
  /** Stable name used in logs. */
  name: string;
  /** One permission, or a list of which any will do (the service may check more, e.g. a clinical lead). */
  permission: Requirement;
  input: S;
  /**
   * Checks made before the transaction opens, whose result `run` receives: a witness's PIN
   * (witness.ts), so that hashing never holds the transaction's locks and a failed attempt
   * is recorded although the step is refused.
   */
  before?: (db: Db, actor: Actor, input: z.output<S>) => Promise<B>;
  /** The service call: runs inside one transaction, which also holds its audit event. */
  run: (tx: Tx, actor: Actor, input: z.output<S>, checked: NoInfer<B>) => Promise<T>;
  /** Pages whose data the change affects. */
  revalidate?: (input: z.output<S>, data: T) => string[];
  /** Where to go after success (for example, the record just created). */
  redirectTo?: (input: z.output<S>, data: T) => string;
  /** The step this action is, for someone who must take it before anything else (a new password after a reset). */
  whilePending?: PendingStep;
};

/**
 * The one pipeline every server action goes through:
 * authenticate → authorise → parse (zod) → one transaction → revalidate → typed result.
 * Authorisation comes before parsing, so a caller without the role learns nothing about
 * the input rules. Unexpected errors are logged with context and shown generically.
 */
export function defineAction<S extends z.ZodType, T, B = undefined>(spec: ActionSpec<S, T, B>) {
  return async function action(_previous: ActionState, form: FormData): Promise<ActionResult<T>> {
    // A session that ended (idle, past its time limit, signed out elsewhere) is an answer the
    // form shows beside what was typed, never a redirect: the proxy lets action calls through.
    // Someone with a step pending (a reset password) is not signed in for any other action.
    const actor = await currentActor({ whilePending: spec.whilePending });
    if (!actor) return { ok: false, code: "unauthenticated", error: "Not saved: your session has ended. Sign in again." };
    if (!can(actor.role, spec.permission)) {
      await recordAccess(actor, { kind: "refused", target: "action", what: spec.name, required: spec.permission });
      return { ok: false, code: "forbidden", error: "Your role does not allow this." };
    }
    // Every action takes a form; a hand-made call can send anything (the proxy refuses bodies
    // that are not multipart, but multipart can still encode other arguments).
    if (!(form instanceof FormData)) {
      log.info({ action: spec.name, userId: actor.userId, siteId: actor.siteId }, "action refused: not a form");
      return { ok: false, code: "invalid", error: NOT_A_FORM };
    }
    const parsed = spec.input.safeParse(formToObject(form));
    if (!parsed.success) return invalid(parsed.error);
    let data: T;
    try {
      const checked = spec.before ? await spec.before(db(), actor, parsed.data) : (undefined as B);
      data = await db().$transaction((tx) => spec.run(tx, actor, parsed.data, checked), { maxWait: 10_000, timeout: 20_000 });
    } catch (error) {
      return failure(spec.name, actor, error);
    }
    for (const path of spec.revalidate?.(parsed.data, data) ?? []) revalidatePath(path);
    if (spec.redirectTo) redirect(spec.redirectTo(parsed.data, data));
    return { ok: true, data };
  };
}

export function invalid(error: z.ZodError): ActionResult<never> {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "form";
    fieldErrors[key] ??= issue.message;
  }
  return { ok: false, code: "invalid", error: "Some answers need correcting. Nothing was saved.", fieldErrors };
}

function failure(name: string, actor: Actor, error: unknown): ActionResult<never> {
  // Ids and codes only: the error's message (and the input) can carry a participant's identity.
  const context = { action: name, userId: actor.userId, siteId: actor.siteId };
  if (error instanceof RuleError) {
    log.info({ ...context, rule: error.code }, "action refused by a rule");
    return { ok: false, code: "rule", error: error.message, fieldErrors: error.fieldErrors };
  }
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    log.warn({ ...context, err: error }, "action conflicted with a concurrent write");
    return { ok: false, code: "conflict", error: "This has already been recorded, perhaps by someone else just now. Refresh and check." };
  }
  log.error({ ...context, err: error }, "action failed");
  return { ok: false, code: "unexpected", error: "Something went wrong and nothing was saved. Try again, or tell the clinic administrator." };
}

/** FormData → plain object for zod: blank fields become undefined, repeated names become arrays. */
export function formToObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    // Assigning to `__proto__` would replace the object's prototype (a file posted under
    // that name made parsing throw); no form has such a field.
    if (key.startsWith("$ACTION") || key === "__proto__") continue;
    const values = form.getAll(key).map((v) => (typeof v === "string" ? v.trim() : v)).filter((v) => v !== "");
    out[key] = values.length === 0 ? undefined : values.length === 1 ? values[0] : values;
  }
  return out;
}
