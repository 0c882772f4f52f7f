import "server-only";
import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { db } from "@/db/client";
import { accountMaySignIn, demoModeFrom } from "@/domain/demo-mode";
import { recordAccess, requestedPath } from "@/server/access-audit";
import type { Actor } from "./actor";
import { authOptions } from "./options";
import { can, type Requirement } from "./permissions";
import { sessionEnded } from "./session-policy";

type SignedIn = { actor: Actor; mustChangePassword: boolean };

/**
 * Role, site and enabled state come from the database, not only the token, so disabling
 * an account or changing a role takes effect on the next request. Read once per request.
 */
const signedIn = cache(async (): Promise<SignedIn | null> => {
  const session = await getServerSession(authOptions());
  if (!session?.user?.id) return null;
  // The proxy ends idle and expired sessions, but lets server actions through so that they
  // can answer "unauthenticated" to the form: the same rule, checked again here.
  if (session.clock && sessionEnded(session.clock, Math.floor(Date.now() / 1000))) return null;
  const user = await db().user.findUnique({
    where: { id: session.user.id },
    select: { id: true, name: true, role: true, siteId: true, disabledAt: true, mustChangePassword: true, demo: true },
  });
  if (!user || user.disabledAt || !accountMaySignIn(user, demoModeFrom(process.env))) return null;
  return {
    actor: { userId: user.id, name: user.name, role: user.role, siteId: user.siteId },
    mustChangePassword: user.mustChangePassword,
  };
});

/** The actor for this request, or null when nobody (enabled) is signed in. */
export async function currentActor(): Promise<Actor | null> {
  return (await signedIn())?.actor ?? null;
}

/**
 * For pages: the actor if allowed; otherwise to sign-in, or the 403 page. Someone whose
 * password an administrator reset must choose a new one before anything else.
 */
export async function requirePermission(permission: Requirement): Promise<Actor> {
  const session = await signedIn();
  if (!session) redirect("/login");
  if (!can(session.actor.role, permission)) {
    await recordAccess(session.actor, { kind: "refused", target: "route", what: await requestedPath(), required: permission });
    forbidden();
  }
  if (session.mustChangePassword && permission !== "account.self") redirect("/account?reset=1");
  return session.actor;
}
