import { db } from "@/db/client";
import { clinicDate } from "@/domain/clinic-time";
import { recordAccess } from "@/server/access-audit";
import { apiActor } from "@/server/api-access";
import { auditCsv, listAuditEvents } from "@/server/audit-log";
import { AuditFilterInput } from "@/server/audit-log.input";

export const dynamic = "force-dynamic";

const EXPORT_LIMIT = 50_000;

export async function GET(request: Request) {
  const actor = await apiActor("/api/admin/audit", "audit.read");
  if (actor instanceof Response) return actor;
  const parsed = AuditFilterInput.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return Response.json({ error: parsed.error.issues[0]?.message }, { status: 400 });
  const rows = await listAuditEvents(db(), parsed.data, EXPORT_LIMIT);
  const { userId, action, from, to, participantReference } = parsed.data;
  // Whether the trail was filtered by a participant, not by whom: the reference is identifying.
  await recordAccess(actor, { kind: "export", export: "audit", filter: { userId: userId ?? null, action: action ?? null, from: from ?? null, to: to ?? null, byParticipant: Boolean(participantReference), rows: rows.length } });
  return new Response(auditCsv(rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-${clinicDate(new Date())}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
