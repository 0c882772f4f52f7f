import { db } from "@/db/client";
import { apiActor } from "@/server/api-access";
import { todayVersion } from "@/server/today-version";

export const dynamic = "force-dynamic";

/**
 * The live Today asks every few seconds whether anything it shows has changed at the site,
 * and learns the server's clock with the answer (src/domain/clock-skew.ts): the tablet's
 * countdowns follow it, and a tablet whose own clock is out is warned.
 */
export async function GET() {
  const actor = await apiActor("/api/today/version", "dose.record");
  if (actor instanceof Response) return actor;
  const version = await todayVersion(db(), actor.siteId);
  return Response.json({ version, serverTime: new Date().toISOString() }, { headers: { "Cache-Control": "no-store" } });
}
