import { db } from "@/db/client";
import { checkHealth } from "@/server/health";

export const dynamic = "force-dynamic";

/** Readiness: 200 when the database answers and every migration is applied, 503 otherwise. */
export async function GET() {
  // db is passed uncalled: opening the database can itself fail (a PGlite directory in use).
  const health = await checkHealth(db);
  return Response.json(health, { status: health.status === "ok" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
