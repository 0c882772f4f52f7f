import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { Actor } from "@/auth/actor";
import type { Tx } from "@/db/client";

export type AuditEntry = {
  action: string;
  entity: string;
  entityId: string;
  participantId?: string | null;
  /** What changed: the before/after values that matter, never free-text identifiers. */
  summary?: Prisma.InputJsonValue;
  /** Why a rule was overridden, when it was. */
  reason?: string | null;
  /** The change enters a dose given on paper during an outage, at the paper's times. */
  backEntered?: boolean;
  /** The clinic, for a change made by no one (the scheduled close of past sessions); otherwise the actor's. */
  siteId?: string;
};

/** Writes the audit event for a change, in the same transaction as the change. */
export async function audit(tx: Tx, actor: Actor | null, entry: AuditEntry): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorId: actor?.userId ?? null,
      actorRole: actor?.role ?? null,
      siteId: actor?.siteId ?? entry.siteId ?? null,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId,
      participantId: entry.participantId ?? null,
      summary: entry.summary,
      reason: entry.reason ?? null,
      backEntered: entry.backEntered ?? false,
    },
  });
}
