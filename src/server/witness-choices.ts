import "server-only";
import type { Actor } from "@/auth/actor";
import { ROLE_LABEL } from "@/auth/permissions";
import type { Tx } from "@/db/client";
import { accountMaySignIn, demoModeFrom } from "@/domain/demo-mode";
import { WITNESS_RECENT_SIGN_IN_HOURS, witnessChoices, type WitnessChoices } from "@/domain/witness-choices";
import type { WitnessRule } from "./witness";

/**
 * The witnesses offered to the actor for a step (src/domain/witness-choices.ts): active
 * colleagues at the actor's clinic, each with their latest sign-in here within the hours
 * (the audit trail's `auth.signIn`), and the witness whose PIN last matched for this actor.
 * Roles are shown in words. Whether the witness may witness is still decided by the PIN check.
 */
export async function witnessChoicesFor(tx: Tx, actor: Actor, rule: WitnessRule, now: Date = new Date()): Promise<WitnessChoices> {
  const since = new Date(now.getTime() - WITNESS_RECENT_SIGN_IN_HOURS * 3_600_000);
  const [staff, last] = await Promise.all([
    tx.user.findMany({
      where: { siteId: actor.siteId, disabledAt: null },
      select: {
        id: true,
        name: true,
        email: true,
        role: true,
        demo: true,
        auditEvents: { where: { action: "auth.signIn", siteId: actor.siteId, at: { gte: since } }, orderBy: { at: "desc" }, take: 1, select: { at: true } },
      },
    }),
    tx.witnessPinAttempt.findFirst({ where: { actorId: actor.userId, succeeded: true }, orderBy: { at: "desc" }, select: { witnessId: true } }),
  ]);
  const demoMode = demoModeFrom(process.env);
  const choices = witnessChoices(
    staff.filter((s) => accountMaySignIn(s, demoMode)).map((s) => ({ id: s.id, name: s.name, email: s.email, role: s.role, lastSignInAt: s.auditEvents[0]?.at ?? null })),
    { actorId: actor.userId, roles: rule.roles, lastWitnessId: last?.witnessId ?? null, now },
  );
  const inWords = <C extends { role: string }>(c: C): C => ({ ...c, role: ROLE_LABEL[c.role as keyof typeof ROLE_LABEL] });
  return { ...choices, recent: choices.recent.map(inWords), everyone: choices.everyone.map(inWords) };
}
