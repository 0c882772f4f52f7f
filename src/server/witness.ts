import "server-only";
import type { Role } from "@/generated/prisma/enums";
import type { Actor } from "@/auth/actor";
import { verifyPassword } from "@/auth/passwords";
import type { Tx } from "@/db/client";
import { RuleError } from "./errors";

/**
 * A second member of staff confirms a controlled-drug step with their own email and PIN
 * (Misuse of Drugs Regulations 2001: attributable, witnessed entries). The witness must be
 * someone else, active, at the same clinic, and in one of the roles allowed for the step.
 */
export async function confirmWitness(
  tx: Tx,
  actor: Actor,
  credentials: { email: string; pin: string },
  allowed: { roles: readonly Role[]; what: string },
) {
  const witness = await tx.user.findFirst({
    where: { email: credentials.email.trim().toLowerCase(), siteId: actor.siteId, disabledAt: null },
    select: { id: true, name: true, role: true, witnessPinHash: true },
  });
  if (witness?.id === actor.userId) {
    throw new RuleError("witness.self", `A second member of staff must witness ${allowed.what}: you cannot witness your own.`, {
      witnessEmail: "Enter the email of the colleague witnessing.",
    });
  }
  if (!witness?.witnessPinHash || !(await verifyPassword(credentials.pin, witness.witnessPinHash))) {
    throw new RuleError("witness.notConfirmed", "The witness's email and PIN do not match an active member of staff at this clinic.", {
      witnessPin: "Check the witness's email and PIN.",
    });
  }
  if (!allowed.roles.includes(witness.role)) {
    throw new RuleError("witness.role", `${witness.name} cannot witness ${allowed.what}.`, { witnessEmail: "Choose a colleague whose role allows this." });
  }
  return { id: witness.id, name: witness.name, role: witness.role };
}
