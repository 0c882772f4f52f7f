import type { Actor } from "@/auth/actor";
import type { Tx } from "@/db/client";
import type { LocalDate, SessionSlot } from "@/domain/clinic-time";
import { closePreview, closeSession } from "@/server/session-closure";

/** A nurse closing a session as the Today page has her do it: she sees the list of who becomes missed or withheld, and confirms it. */
export async function confirmedClose(tx: Tx, actor: Actor, input: { siteId: string; date: LocalDate; slot: SessionSlot; reason?: string }, now: Date) {
  const { fingerprint } = await closePreview(tx, input.siteId, { date: input.date, slot: input.slot }, now);
  return closeSession(tx, actor, { ...input, confirmedEffects: fingerprint }, now);
}
