import "server-only";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Role, SignInOutcome } from "@/generated/prisma/enums";
import { verifySignInPassword } from "@/auth/passwords";
import { accountMaySignIn, demoModeFrom } from "@/domain/demo-mode";
import type { Tx } from "@/db/client";
import { UNKNOWN_ADDRESS } from "@/domain/client-address";
import { DEFAULT_THROTTLE, throttleDecision, throttleLookback, type ThrottlePolicy } from "@/domain/sign-in-throttle";
import { audit } from "./audit";
import { log } from "./log";
import { checkSecondFactor } from "./second-factor";

export type SignInAttempt = {
  email: string;
  password: string;
  /** The authenticator app's code or a recovery code, for accounts that have set one up. */
  code?: string;
  /** The client's address (src/domain/client-address.ts), or "unknown". */
  ip: string;
};

export type SignedInUser = { id: string; name: string; email: string; role: Role; siteId: string; sessionVersion: number };

export type SignInResult =
  | { ok: true; user: SignedInUser }
  /** "second-factor": the password was right and a code is needed; "wrong-code": the code was not. */
  | { ok: false; reason: "invalid" | "throttled" | "second-factor" | "wrong-code" };

// Compared against when the account does not exist, so both paths take as long.
const DUMMY_HASH = "$2b$12$a/knoh641TUWR4WabaRhEe2qalke1PAYv1ldziUQQLp6Q3aGEhR5K";

/**
 * Checks a sign-in attempt and records it. Unknown accounts, wrong passwords and disabled
 * accounts all answer "invalid": nothing tells a guesser which it was. The attempt is
 * recorded (as a failure until proven otherwise) before the password is checked, so
 * simultaneous attempts count one another; the slow hash runs outside any transaction.
 */
export async function signIn(prisma: PrismaClient, attempt: SignInAttempt, now: Date = new Date(), policy: ThrottlePolicy = DEFAULT_THROTTLE): Promise<SignInResult> {
  const email = attempt.email.trim().toLowerCase();
  const attemptId = await recordAttempt(prisma, email, attempt.ip, now, policy);
  if (!attemptId) return { ok: false, reason: "throttled" };

  const user = await prisma.user.findUnique({ where: { email } });
  const passwordOk = await verifySignInPassword(attempt.password, user?.passwordHash ?? DUMMY_HASH);
  // A demo account (its password is published) opens nothing unless the app runs in demo mode.
  const demoRefused = user !== null && !accountMaySignIn(user, demoModeFrom(process.env));
  if (!user || !passwordOk || user.disabledAt || demoRefused) {
    const reason = !user ? "unknown account" : !passwordOk ? "wrong password" : user.disabledAt ? "account disabled" : "demo account outside demo mode";
    await settle(prisma, attemptId, "FAILED", (tx) =>
      // Nobody is known to have acted: the account tried (if any) is what the event is about.
      audit(tx, null, { action: "auth.signInFailed", entity: "User", entityId: user?.id ?? "unknown", summary: { reason } }),
    );
    log.info({ event: "sign-in.failed", userId: user?.id ?? null, disabled: Boolean(user?.disabledAt) }, "sign-in failed");
    return { ok: false, reason: "invalid" };
  }

  if (user.totpEnabledAt && !attempt.code?.trim()) {
    await settle(prisma, attemptId, "SECOND_FACTOR_NEEDED");
    return { ok: false, reason: "second-factor" };
  }
  let secondFactor: "app" | "recovery" | null = null;
  if (user.totpEnabledAt) {
    secondFactor = await checkSecondFactor(prisma, user, attempt.code ?? "", now);
    if (!secondFactor) {
      await settle(prisma, attemptId, "FAILED", (tx) =>
        audit(tx, null, { action: "auth.signInFailed", entity: "User", entityId: user.id, summary: { reason: "wrong second-step code" } }),
      );
      log.info({ event: "sign-in.failed", userId: user.id, secondFactor: true }, "sign-in failed at the second step");
      return { ok: false, reason: "wrong-code" };
    }
  }
  const actor = { userId: user.id, name: user.name, role: user.role, siteId: user.siteId };
  await settle(prisma, attemptId, "SUCCEEDED", (tx) => audit(tx, actor, { action: "auth.signIn", entity: "User", entityId: user.id, summary: { secondFactor } }));
  log.info({ event: "sign-in", userId: user.id, role: user.role, siteId: user.siteId }, "signed in");
  return {
    ok: true,
    user: { id: user.id, name: user.name, email: user.email, role: user.role, siteId: user.siteId, sessionVersion: user.sessionVersion },
  };
}

/**
 * Records the attempt if no limit forbids it, and returns its id; null when throttled.
 * Attempts for one account, and from one address, take their turn under an advisory lock
 * (held for a few queries, never for the hash), so each sees every attempt before it:
 * forty at once let through as many as the limit, not forty.
 */
async function recordAttempt(prisma: PrismaClient, email: string, ip: string, now: Date, policy: ThrottlePolicy): Promise<string | null> {
  const knownAddress = ip !== UNKNOWN_ADDRESS;
  const result = await prisma.$transaction(async (tx) => {
    // Two key spaces (1: accounts, 2: addresses), always taken in that order: no deadlock.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(1, hashtext(${email}::text))`;
    if (knownAddress) await tx.$executeRaw`SELECT pg_advisory_xact_lock(2, hashtext(${ip}::text))`;
    const since = new Date(now.getTime() - throttleLookback(policy));
    const accountAtAddressFailures = await recentFailures(tx, { email, ip }, since);
    const accountFailures = await recentFailures(tx, { email }, since);
    const addressFailures = knownAddress ? await recentFailures(tx, { ip }, since) : [];
    const decision = throttleDecision({ accountAtAddressFailures, accountFailures, addressFailures, now }, policy);
    if (decision.locked) {
      return { id: null, accountAtAddressFailures, accountFailures, addressFailures, until: decision.until };
    }
    const created = await tx.loginAttempt.create({ data: { email, ip, at: now }, select: { id: true } });
    return { id: created.id };
  });
  if (result.id === null) {
    // The typed email and the address stay out of the log; the account's id (when there is
    // one) and the failure counts are what an administrator needs to see an attack.
    const account = await prisma.user.findUnique({ where: { email }, select: { id: true } });
    log.warn(
      {
        event: "sign-in.throttled",
        userId: account?.id ?? null,
        accountAtAddressFailures: result.accountAtAddressFailures.length,
        accountFailures: result.accountFailures.length,
        addressFailures: result.addressFailures.length,
        lockedUntil: result.until.toISOString(),
      },
      "sign-in refused: too many recent failures",
    );
  }
  return result.id;
}

/** Gives the attempt its outcome, with its audit event when it has one, in one transaction. */
async function settle(prisma: PrismaClient, attemptId: string, outcome: SignInOutcome, auditEvent?: (tx: Tx) => Promise<void>): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await tx.loginAttempt.update({ where: { id: attemptId }, data: { outcome } });
    await auditEvent?.(tx);
  });
}

/** Failures (and attempts still being checked) since `since` that came after the key's most recent success. */
async function recentFailures(tx: Tx, key: { email?: string; ip?: string }, since: Date): Promise<Date[]> {
  const lastSuccess = await tx.loginAttempt.findFirst({
    where: { ...key, outcome: "SUCCEEDED", at: { gt: since } },
    orderBy: { at: "desc" },
    select: { at: true },
  });
  const failures = await tx.loginAttempt.findMany({
    where: { ...key, outcome: { in: ["PENDING", "FAILED"] }, at: { gt: lastSuccess?.at ?? since } },
    orderBy: { at: "desc" },
    select: { at: true },
  });
  return failures.map((f) => f.at);
}

/**
 * Signing out ends the session for good: the account's session version is raised, so this
 * token, and any copy of it, no longer passes src/auth/session.ts (nor do the account's other
 * sessions: one shared tablet's sign-out is not worth a token list). A token already ended
 * (its version past) changes nothing and is not audited again.
 */
export async function signOut(prisma: PrismaClient, session: { userId: string; sessionVersion: number }): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const ended = await tx.user.updateMany({
      where: { id: session.userId, sessionVersion: session.sessionVersion },
      data: { sessionVersion: { increment: 1 } },
    });
    if (ended.count === 0) return;
    const user = await tx.user.findUniqueOrThrow({ where: { id: session.userId }, select: { id: true, name: true, role: true, siteId: true } });
    await audit(tx, { userId: user.id, name: user.name, role: user.role, siteId: user.siteId }, { action: "auth.signOut", entity: "User", entityId: user.id });
  });
  log.info({ event: "sign-out", userId: session.userId }, "signed out");
}
