import "server-only";
import type { Actor } from "@/auth/actor";
import type { Tx } from "@/db/client";
import { describeBreaches, hardLimitBreaches, type DoseLimits } from "@/domain/dosing-limits";
import { audit } from "./audit";

/**
 * When a clinical lead lowers the maximum single or daily dose, prescriptions written under
 * the old maximum stay in force (they are append-only, and only a prescriber writes them):
 * each one now above a hard limit gets a soft hold naming the new limit, so the nurse sees
 * it at the draw and the prescriber's review queue lists it. The draw itself never goes above
 * the new maximum single dose (checkDrawWithinMaximum). Someone already on such a hold keeps
 * that one: one review settles both.
 */
export async function holdPrescriptionsAboveLimits(tx: Tx, actor: Actor, limits: DoseLimits): Promise<number> {
  const episodes = await tx.episode.findMany({
    where: { siteId: actor.siteId, closedOn: null },
    select: {
      id: true,
      participantId: true,
      prescriptions: { orderBy: { version: "desc" }, take: 1, select: { id: true, version: true, amDoseMg: true, pmDoseMg: true } },
      holds: { where: { clearance: { is: null }, source: "LIMIT_LOWERED" }, take: 1, select: { id: true } },
    },
    orderBy: { enrolledOn: "asc" },
  });
  let placed = 0;
  for (const episode of episodes) {
    const prescription = episode.prescriptions[0];
    if (!prescription || episode.holds.length > 0) continue;
    const breaches = hardLimitBreaches({ amMg: prescription.amDoseMg, pmMg: prescription.pmDoseMg }, limits);
    if (breaches.length === 0) continue;
    const reason = `Dose limits lowered: ${describeBreaches(breaches)} Review prescription v${prescription.version}; no dose is drawn above ${limits.maxSingleMg} mg meanwhile.`;
    const hold = await tx.hold.create({
      data: { participantId: episode.participantId, episodeId: episode.id, kind: "SOFT", source: "LIMIT_LOWERED", reason, placedById: actor.userId },
    });
    await audit(tx, actor, {
      action: "hold.place",
      entity: "Hold",
      entityId: hold.id,
      participantId: episode.participantId,
      summary: { kind: "SOFT", source: "LIMIT_LOWERED", prescriptionId: prescription.id, limits: { maxSingleMg: limits.maxSingleMg, maxDailyMg: limits.maxDailyMg } },
      reason,
    });
    placed += 1;
  }
  return placed;
}
