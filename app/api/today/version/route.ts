import { db } from "@/db/client";
import { apiActor } from "@/server/api-access";
import { todayVersion } from "@/server/today-version";

export const dynamic = "force-dynamic";

/** The live Today asks every few seconds whether anything it shows has changed at the site. */
export async function GET() {
  const actor = await apiActor("/api/today/version", "dose.record");
  if (actor instanceof Response) return actor;
  return Response.json({ version: await todayVersion(db(), actor.siteId) }, { headers: { "Cache-Control": "no-store" } });
}
