import "server-only";
import type { Actor } from "@/auth/actor";
import type { Tx } from "@/db/client";
import { photoProblem, photoType } from "@/domain/identity-check";
import { audit } from "./audit";
import { RuleError } from "./errors";
import type { ReplacePhotoInput } from "./participant-photos.input";

/**
 * Photos for the identity check before a dose: added at enrolment or later on the profile,
 * never changed (the table is append-only); the newest is the participant's photo. Shown
 * only to clinical roles, through /api/participants/[id]/photo.
 */

/** Stores a photo for someone at the actor's clinic, after checking its bytes; audited (its type and size, never the image). */
export async function addParticipantPhoto(tx: Tx, actor: Actor, participantId: string, photo: File): Promise<{ id: string }> {
  const participant = await tx.participant.findFirst({ where: { id: participantId, siteId: actor.siteId }, select: { id: true } });
  if (!participant) throw new RuleError("participant.notFound", "No such participant at this clinic.");
  const bytes = new Uint8Array(await photo.arrayBuffer());
  const problem = photoProblem(bytes);
  const contentType = photoType(bytes);
  if (problem || !contentType) throw new RuleError("photo.invalid", problem ?? "The photo could not be read.", { photo: problem ?? "The photo could not be read." });
  const created = await tx.participantPhoto.create({ data: { participantId, contentType, bytes, takenById: actor.userId }, select: { id: true } });
  await audit(tx, actor, { action: "participant.photo", entity: "ParticipantPhoto", entityId: created.id, participantId, summary: { contentType, bytes: bytes.length } });
  return created;
}

export async function replaceParticipantPhoto(tx: Tx, actor: Actor, input: ReplacePhotoInput): Promise<{ id: string }> {
  return addParticipantPhoto(tx, actor, input.participantId, input.photo);
}

/**
 * The newest photo of a participant at this clinic; or that there is none; or that the
 * participant is at another clinic (answered as none, and recorded as a refusal).
 */
export async function latestPhoto(tx: Tx, siteId: string, participantId: string): Promise<{ kind: "photo"; contentType: string; bytes: Uint8Array } | { kind: "none" | "elsewhere" }> {
  const participant = await tx.participant.findUnique({
    where: { id: participantId },
    select: { siteId: true, photos: { orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 1, select: { contentType: true, bytes: true } } },
  });
  if (!participant) return { kind: "none" };
  if (participant.siteId !== siteId) return { kind: "elsewhere" };
  const photo = participant.photos[0];
  return photo ? { kind: "photo", contentType: photo.contentType, bytes: photo.bytes } : { kind: "none" };
}

/** For each participant with a photo, the id of the newest: part of the image's address, so a new photo shows at the next refresh. */
export async function latestPhotoIds(tx: Tx, participantIds: readonly string[]): Promise<Map<string, string>> {
  if (participantIds.length === 0) return new Map();
  const photos = await tx.participantPhoto.findMany({
    where: { participantId: { in: [...participantIds] } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    distinct: ["participantId"],
    select: { id: true, participantId: true },
  });
  return new Map(photos.map((p) => [p.participantId, p.id]));
}
