import { currentActor } from "@/auth/session";
import { can } from "@/auth/permissions";
import { db } from "@/db/client";
import { clinicDate } from "@/domain/clinic-time";
import { auditCsv, listAuditEvents } from "@/server/audit-log";
import { AuditFilterInput } from "@/server/audit-log.input";

export const dynamic = "force-dynamic";

const EXPORT_LIMIT = 50_000;

export async function GET(request: Request) {
  const actor = await currentActor();
  if (!actor) return Response.json({ error: "Sign in first." }, { status: 401 });
  if (!can(actor.role, "audit.read")) return Response.json({ error: "Your role does not allow this." }, { status: 403 });
  const parsed = AuditFilterInput.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return Response.json({ error: parsed.error.issues[0]?.message }, { status: 400 });
  const rows = await listAuditEvents(db(), parsed.data, EXPORT_LIMIT);
  return new Response(auditCsv(rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-${clinicDate(new Date())}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
