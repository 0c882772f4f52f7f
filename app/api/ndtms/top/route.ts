import { db } from "@/db/client";
import { clinicDate } from "@/domain/clinic-time";
import { recordAccess } from "@/server/access-audit";
import { apiActor } from "@/server/api-access";
import { topNdtmsCsv } from "@/server/top-assessments";

export const dynamic = "force-dynamic";

/** Every TOP of the signed-in user's clinic in NDTMS field naming, for the data return. */
export async function GET() {
  const actor = await apiActor("/api/ndtms/top", "participant.read");
  if (actor instanceof Response) return actor;
  const csv = await topNdtmsCsv(db(), actor.siteId);
  await recordAccess(actor, { kind: "export", export: "ndtms-top", filter: { siteId: actor.siteId } });
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="ndtms-top-${clinicDate(new Date())}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
