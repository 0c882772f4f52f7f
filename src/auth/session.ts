import "server-only";
import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { environment } from "@/config/env";
import { db } from "@/db/client";
import { accountMaySignIn, demoModeFrom } from "@/domain/demo-mode";
import { recordAccess, requestedPath } from "@/server/access-audit";
import { pendingStep, type PendingStep } from "@/domain/second-factor";
import type { Actor } from "./actor";
import { authOptions } from "./options";
import { can, type Requirement } from "./permissions";
import { sessionEnded } from "./session-policy";

type SignedIn = { actor: Actor; pending: PendingStep | null };

/**
 * Who is signed in, checked on every request that asks (pages, server actions, API routes),
 * never taken from the token alone:
 * - the session's clock: 12 hours at most, 30 idle minutes (the proxy checks it too, but
 *   lets server actions through so that they can answer "unauthenticated" to the form);
 * - the account's session version, raised by signing out, a password change or reset, a
 *   role change and disabling: a copied token stops working the moment any of those happen;
 * - the account itself: enabled, with its current role and site.
 * Read once per request.
 */
const signedIn = cache(async (): Promise<SignedIn | null> => {
  const session = await getServerSession(authOptions());
  if (!session?.user?.id || !session.clock || typeof session.sessionVersion !== "number") return null;
  if (sessionEnded(session.clock, Math.floor(Date.now() / 1000))) return null;
  const user = await db().user.findUnique({
    where: { id: session.user.id },
    select: { id: true, name: true, role: true, siteId: true, disabledAt: true, mustChangePassword: true, sessionVersion: true, totpEnabledAt: true, demo: true },
  });
  if (!user || user.disabledAt || user.sessionVersion !== session.sessionVersion || !accountMaySignIn(user, demoModeFrom(process.env))) return null;
  return {
    actor: { userId: user.id, name: user.name, role: user.role, siteId: user.siteId },
    pending: pendingStep(
      { role: user.role, mustChangePassword: user.mustChangePassword, secondFactorEnrolled: user.totpEnabledAt !== null },
      environment().REQUIRE_SECOND_FACTOR,
    ),
  };
});

/**
 * The actor for this request, or null when nobody (enabled, with a live session) is signed
 * in. Someone with a step to take first (a new password after a reset, setting up two-step
 * sign-in) is nobody for every action and API, except the one action that is that step.
 */
export async function currentActor(options: { whilePending?: PendingStep } = {}): Promise<Actor | null> {
  const session = await signedIn();
  if (!session || (session.pending && session.pending !== options.whilePending)) return null;
  return session.actor;
}

/** Whoever holds a live session, a step pending or not: for the frame around pages and the sign-in page. */
export async function sessionActor(): Promise<Actor | null> {
  return (await signedIn())?.actor ?? null;
}

/** Where the step waits to be taken. */
const PENDING_PAGE: Record<PendingStep, string> = { password: "/account?reset=1", secondFactor: "/account?setup=1" };

/**
 * For pages: the actor if allowed; otherwise to sign-in, or the 403 page. Someone whose
 * password an administrator reset must choose a new one before anything else, and an
 * administrator or prescriber must then set up two-step sign-in (both on My account).
 */
export async function requirePermission(permission: Requirement): Promise<Actor> {
  const session = await signedIn();
  if (!session) redirect("/login");
  if (!can(session.actor.role, permission)) {
    await recordAccess(session.actor, { kind: "refused", target: "route", what: await requestedPath(), required: permission });
    forbidden();
  }
  if (session.pending && permission !== "account.self") redirect(PENDING_PAGE[session.pending]);
  return session.actor;
}

/** The step this request's account must take first, if any (for the account page). */
export async function pendingForThisSession(): Promise<PendingStep | null> {
  return (await signedIn())?.pending ?? null;
}
