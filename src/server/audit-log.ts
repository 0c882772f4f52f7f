import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/db/client";
import { clinicInstant, addLocalDays } from "@/domain/clinic-time";
import { toCsv } from "@/domain/csv";
import { formatClinicTimestamp } from "@/domain/format";

export type AuditFilter = {
  userId?: string;
  participantReference?: string;
  action?: string;
  /** Local dates (Europe/London), inclusive. */
  from?: string;
  to?: string;
};

export const AUDIT_PAGE_SIZE = 100;

async function whereFor(tx: Tx, filter: AuditFilter): Promise<Prisma.AuditEventWhereInput | null> {
  const where: Prisma.AuditEventWhereInput = {};
  if (filter.userId) where.actorId = filter.userId;
  if (filter.action) where.action = { startsWith: filter.action };
  if (filter.participantReference) {
    const participant = await tx.participant.findUnique({ where: { reference: filter.participantReference }, select: { id: true } });
    if (!participant) return null;
    where.participantId = participant.id;
  }
  if (filter.from || filter.to) {
    where.at = {
      ...(filter.from ? { gte: clinicInstant(filter.from, "00:00") } : {}),
      ...(filter.to ? { lt: clinicInstant(addLocalDays(filter.to, 1), "00:00") } : {}),
    };
  }
  return where;
}

export async function listAuditEvents(tx: Tx, filter: AuditFilter, limit = AUDIT_PAGE_SIZE) {
  const where = await whereFor(tx, filter);
  if (!where) return [];
  const events = await tx.auditEvent.findMany({
    where,
    orderBy: { id: "desc" },
    take: limit,
    include: { actor: { select: { name: true, email: true } } },
  });
  const participantIds = [...new Set(events.map((e) => e.participantId).filter((id): id is string => Boolean(id)))];
  const references = new Map(
    (await tx.participant.findMany({ where: { id: { in: participantIds } }, select: { id: true, reference: true } })).map((p) => [p.id, p.reference]),
  );
  return events.map((e) => ({
    id: e.id.toString(),
    at: e.at,
    actor: e.actor ? `${e.actor.name} <${e.actor.email}>` : "system",
    role: e.actorRole,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId,
    participantReference: e.participantId ? (references.get(e.participantId) ?? null) : null,
    summary: e.summary === null ? "" : JSON.stringify(e.summary),
    reason: e.reason ?? "",
  }));
}

export type AuditRow = Awaited<ReturnType<typeof listAuditEvents>>[number];

export function auditCsv(rows: AuditRow[]): string {
  return toCsv(
    ["id", "at (Europe/London)", "actor", "role", "action", "entity", "entity id", "participant", "summary", "reason"],
    rows.map((r) => [r.id, formatClinicTimestamp(r.at), r.actor, r.role ?? "", r.action, r.entity, r.entityId, r.participantReference ?? "", r.summary, r.reason]),
  );
}
