import { can } from "@/auth/permissions";
import { currentActor } from "@/auth/session";
import { db } from "@/db/client";
import { clinicDate } from "@/domain/clinic-time";
import { topNdtmsCsv } from "@/server/top-assessments";

export const dynamic = "force-dynamic";

/** Every TOP of the signed-in user's clinic in NDTMS field naming, for the data return. */
export async function GET() {
  const actor = await currentActor();
  if (!actor) return Response.json({ error: "Sign in first." }, { status: 401 });
  if (!can(actor.role, "participant.read")) return Response.json({ error: "Your role does not allow this." }, { status: 403 });
  const csv = await topNdtmsCsv(db(), actor.siteId);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="ndtms-top-${clinicDate(new Date())}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
