import { db } from "@/db/client";
import { checkHealth } from "@/server/health";

export const dynamic = "force-dynamic";

/**
 * Readiness: 200 when the database answers and every migration is applied, 503 otherwise.
 * Every answer carries the server's clock (ISO, UTC), so monitoring can catch a drifting host:
 * the tablets' countdowns and every step's time follow it.
 */
export async function GET() {
  // db is passed uncalled: opening the database can itself fail (a PGlite directory in use).
  const health = await checkHealth(db);
  return Response.json({ ...health, serverTime: new Date().toISOString() }, { status: health.status === "ok" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
