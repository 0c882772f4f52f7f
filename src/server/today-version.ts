import "server-only";
import type { Tx } from "@/db/client";
import { clinicDate, clinicInstant } from "@/domain/clinic-time";
import { TODAY_CHANGES, todayVersionStamp } from "@/domain/live-today";

/**
 * The site's live-Today version stamp (src/domain/live-today.ts): how many of today's
 * changes to what the Today page shows have committed at the site. One indexed count.
 */
export async function todayVersion(tx: Tx, siteId: string, now: Date = new Date()): Promise<string> {
  const today = clinicDate(now);
  const changes = await tx.auditEvent.count({ where: { siteId, at: { gte: clinicInstant(today, "00:00") }, action: { in: [...TODAY_CHANGES] } } });
  return todayVersionStamp(today, changes);
}
