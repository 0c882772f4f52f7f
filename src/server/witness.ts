import "server-only";
import type { Role } from "@/generated/prisma/enums";
import type { Actor } from "@/auth/actor";
import { verifyWitnessPin } from "@/auth/passwords";
import type { Db, Tx } from "@/db/client";
import { accountMaySignIn, demoModeFrom } from "@/domain/demo-mode";
import { formatTime } from "@/domain/format";
import { WITNESS_PIN_LOCK, witnessPinLock } from "@/domain/witness-pin";
import { audit } from "./audit";
import { RuleError } from "./errors";
import { log } from "./log";

/**
 * A second member of staff confirms a controlled-drug step with their own email and PIN
 * (Misuse of Drugs Regulations 2001: attributable, witnessed entries). The witness must be
 * someone else, active, at the same clinic, and in one of the roles allowed for the step.
 *
 * Two halves. `checkWitnessPin` runs before the step's transaction, after the caller has
 * checked that the record exists at the actor's clinic (a made-up id is answered "no such
 * record" and never reaches a PIN): it applies the witness's lockout, checks the PIN against
 * its hash (or a dummy one, so an unknown witness takes as long), and records the attempt,
 * auditing every failure. `confirmWitness` runs inside the transaction: it re-reads the
 * witness by id and refuses if they were disabled, moved or given a new PIN meanwhile.
 */

/** Who may witness a step, and the step in words ("a controlled-drug dose") for messages. */
export type WitnessRule = { roles: readonly Role[]; what: string };

/** A witness whose PIN matched, before the transaction; `pinHash` is the hash it matched. */
export type CheckedWitness = { id: string; pinHash: string };

export type WitnessStep = {
  /** The action being witnessed, as its audit event names it (e.g. "doseSession.draw"). */
  action: string;
  /** What is witnessed, in words: "a controlled-drug dose". */
  what: string;
  /** The record the step acts on. */
  recordId: string;
  participantId?: string | null;
};

const NOT_CONFIRMED = "The witness's email and PIN do not match an active member of staff at this clinic.";

function notConfirmed() {
  return new RuleError("witness.notConfirmed", NOT_CONFIRMED, { witnessPin: "Check the witness's email and PIN." });
}

/**
 * One PIN check at a time for each witness in this process, so each sees how the one before
 * ended: a form sent twice with the right PIN is checked twice, not refused as a burst.
 */
const checksInProgress = new Map<string, Promise<unknown>>();

async function oneAtATime<T>(email: string, check: () => Promise<T>): Promise<T> {
  const current = (checksInProgress.get(email) ?? Promise.resolve()).then(check, check);
  const settled = current.then(
    () => undefined,
    () => undefined,
  );
  checksInProgress.set(email, settled);
  try {
    return await current;
  } finally {
    if (checksInProgress.get(email) === settled) checksInProgress.delete(email);
  }
}

export async function checkWitnessPin(db: Db, actor: Actor, credentials: { email: string; pin: string }, step: WitnessStep, now: Date = new Date()): Promise<CheckedWitness> {
  const email = credentials.email.trim().toLowerCase();
  return oneAtATime(email, () => checkOnce(db, actor, email, credentials.pin, step, now));
}

async function checkOnce(db: Db, actor: Actor, email: string, pin: string, step: WitnessStep, now: Date): Promise<CheckedWitness> {
  const witness = await db.user.findFirst({
    where: { email, siteId: actor.siteId, disabledAt: null },
    select: { id: true, witnessPinHash: true },
  });
  if (witness?.id === actor.userId) {
    throw new RuleError("witness.self", `A second member of staff must witness ${step.what}: you cannot witness your own.`, {
      witnessEmail: "Choose the colleague witnessing, not yourself.",
    });
  }

  // Record the attempt first, then count the others: of attempts made at once (by other
  // processes), the last to count sees all the rest, so no burst gets more than the limit
  // past the lock.
  const attempt = await db.witnessPinAttempt.create({ data: { email, witnessId: witness?.id ?? null, actorId: actor.userId, at: now }, select: { id: true } });
  const windowStart = new Date(now.getTime() - 2 * WITNESS_PIN_LOCK.windowMinutes * 60_000);
  const others = await db.witnessPinAttempt.findMany({ where: { email, at: { gt: windowStart }, id: { not: attempt.id } }, select: { at: true, succeeded: true } });
  const lock = witnessPinLock(others, now);
  if (lock.locked) {
    // A refused attempt is not an attempt: the lock does not extend itself.
    await db.witnessPinAttempt.delete({ where: { id: attempt.id } });
    log.warn({ event: "witness.locked", userId: actor.userId, witnessId: witness?.id ?? null, lockedUntil: lock.until.toISOString() }, "witness PIN locked");
    await auditFailure(db, actor, step, witness?.id ?? null, "locked");
    throw new RuleError(
      "witness.locked",
      `Too many wrong PINs for this witness: their PIN is locked until ${formatTime(lock.until)}. Ask another colleague to witness.`,
      { witnessPin: "This witness's PIN is locked for now." },
    );
  }

  const matches = await verifyWitnessPin(pin, witness?.witnessPinHash ?? null);
  await db.witnessPinAttempt.update({ where: { id: attempt.id }, data: { succeeded: matches } });
  if (!matches || !witness?.witnessPinHash) {
    await auditFailure(db, actor, step, witness?.id ?? null, "wrongPin");
    throw notConfirmed();
  }
  return { id: witness.id, pinHash: witness.witnessPinHash };
}

/**
 * Written outside the step's transaction, which is refused: a failed witness check must stay
 * on the audit trail. The email typed is not recorded (it may name nobody, or be mistyped);
 * the account it named, if any, is.
 */
async function auditFailure(db: Tx, actor: Actor, step: WitnessStep, witnessId: string | null, outcome: "wrongPin" | "locked") {
  await audit(db, actor, {
    action: outcome === "locked" ? "witness.locked" : "witness.failed",
    entity: "User",
    entityId: witnessId ?? "unknown",
    participantId: step.participantId ?? null,
    summary: { step: step.action, recordId: step.recordId, witnessId },
  });
}

/** Inside the step's transaction: the witness whose PIN matched is still allowed to witness it. */
export async function confirmWitness(tx: Tx, actor: Actor, checked: CheckedWitness, allowed: WitnessRule) {
  const witness = await tx.user.findUnique({
    where: { id: checked.id },
    select: { id: true, name: true, role: true, siteId: true, disabledAt: true, witnessPinHash: true, demo: true },
  });
  if (!witness || witness.disabledAt || witness.siteId !== actor.siteId || witness.witnessPinHash !== checked.pinHash) throw notConfirmed();
  // A demo account (its PIN is published) witnesses nothing outside demo mode.
  if (!accountMaySignIn(witness, demoModeFrom(process.env))) throw notConfirmed();
  if (!allowed.roles.includes(witness.role)) {
    throw new RuleError("witness.role", `${witness.name} cannot witness ${allowed.what}.`, { witnessEmail: "Choose a colleague whose role allows this." });
  }
  return { id: witness.id, name: witness.name, role: witness.role };
}
