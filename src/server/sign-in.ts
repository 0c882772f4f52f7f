import "server-only";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Role } from "@/generated/prisma/enums";
import { verifySignInPassword } from "@/auth/passwords";
import { DEFAULT_THROTTLE, throttleDecision, type ThrottlePolicy } from "@/domain/sign-in-throttle";
import { log } from "./log";

export type SignInResult =
  | { ok: true; user: { id: string; name: string; email: string; role: Role; siteId: string; mustChangePassword: boolean } }
  | { ok: false; reason: "invalid" | "throttled" };

// Compared against when the account does not exist, so both paths take as long.
const DUMMY_HASH = "$2b$12$a/knoh641TUWR4WabaRhEe2qalke1PAYv1ldziUQQLp6Q3aGEhR5K";

/**
 * Checks a sign-in attempt and records it. Unknown accounts, wrong passwords and
 * disabled accounts all answer "invalid": nothing tells a guesser which it was.
 */
export async function signIn(
  prisma: PrismaClient,
  attempt: { email: string; password: string; ip: string },
  now: Date = new Date(),
  policy: ThrottlePolicy = DEFAULT_THROTTLE,
): Promise<SignInResult> {
  const email = attempt.email.trim().toLowerCase();
  // A lock can hold for one window after a run of failures that itself spans a window.
  const windowStart = new Date(now.getTime() - 2 * policy.windowMinutes * 60_000);
  const [accountFailures, addressFailures] = await Promise.all([
    recentFailures(prisma, { email }, windowStart),
    recentFailures(prisma, { ip: attempt.ip }, windowStart),
  ]);
  const throttle = throttleDecision({ accountFailures, addressFailures, now }, policy);
  if (throttle.locked) {
    // The typed email and the address stay out of the log; the account's id (when there is
    // one) and the failure counts are what an administrator needs to see an attack.
    const account = await prisma.user.findUnique({ where: { email }, select: { id: true } });
    log.warn(
      {
        event: "sign-in.throttled",
        userId: account?.id ?? null,
        accountFailures: accountFailures.length,
        addressFailures: addressFailures.length,
        lockedUntil: throttle.until.toISOString(),
      },
      "sign-in refused: too many recent failures",
    );
    return { ok: false, reason: "throttled" };
  }

  const user = await prisma.user.findUnique({ where: { email } });
  const passwordOk = await verifySignInPassword(attempt.password, user?.passwordHash ?? DUMMY_HASH);
  const succeeded = Boolean(user && passwordOk && !user.disabledAt);
  await prisma.loginAttempt.create({ data: { email, ip: attempt.ip, succeeded, at: now } });
  if (!succeeded || !user) {
    log.info({ event: "sign-in.failed", userId: user?.id ?? null, disabled: Boolean(user?.disabledAt) }, "sign-in failed");
    return { ok: false, reason: "invalid" };
  }
  log.info({ event: "sign-in", userId: user.id, role: user.role, siteId: user.siteId }, "signed in");
  return {
    ok: true,
    user: { id: user.id, name: user.name, email: user.email, role: user.role, siteId: user.siteId, mustChangePassword: user.mustChangePassword },
  };
}

/** Failures since `windowStart` that came after the most recent success for the same key. */
async function recentFailures(prisma: PrismaClient, key: { email: string } | { ip: string }, windowStart: Date): Promise<Date[]> {
  const lastSuccess = await prisma.loginAttempt.findFirst({
    where: { ...key, succeeded: true, at: { gt: windowStart } },
    orderBy: { at: "desc" },
    select: { at: true },
  });
  const failures = await prisma.loginAttempt.findMany({
    where: { ...key, succeeded: false, at: { gt: lastSuccess?.at ?? windowStart } },
    orderBy: { at: "desc" },
    select: { at: true },
  });
  return failures.map((f) => f.at);
}
