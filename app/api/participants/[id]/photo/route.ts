import { db } from "@/db/client";
import { recordAccess } from "@/server/access-audit";
import { apiActor } from "@/server/api-access";
import { latestPhoto } from "@/server/participant-photos";

export const dynamic = "force-dynamic";

/** Never kept by the browser or anything between: a face is identifiable, and a shared tablet is shared. */
const PRIVATE = { "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" };

/** The participant's newest photo, for the identity check: clinical roles at the participant's clinic only. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const actor = await apiActor("/api/participants/[id]/photo", "participant.photo");
  if (actor instanceof Response) return actor;
  const { id } = await params;
  const photo = await latestPhoto(db(), actor.siteId, id);
  if (photo.kind !== "photo") {
    if (photo.kind === "elsewhere") await recordAccess(actor, { kind: "refused", target: "participant", what: id });
    return Response.json({ error: "No photo." }, { status: 404, headers: PRIVATE });
  }
  return new Response(Buffer.from(photo.bytes), { headers: { ...PRIVATE, "Content-Type": photo.contentType, "Content-Length": String(photo.bytes.length) } });
}
