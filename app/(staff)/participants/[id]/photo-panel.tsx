import Image from "next/image";
import { ActionForm } from "@/ui/action-form";
import { PhotoField } from "@/ui/photo-field";
import { replacePhotoAction } from "../actions";

/** The photo nurses see on Today for the identity check; replaced here by whoever may enrol (a new one, the old kept). */
export function PhotoPanel({ participantId, name, photoId, canReplace }: { participantId: string; name: string; photoId: string | null; canReplace: boolean }) {
  return (
    <section aria-labelledby="photo-heading" className="flex flex-wrap items-start gap-4 rounded border border-slate-300 bg-white p-4">
      <div className="space-y-2">
        <h2 id="photo-heading" className="text-lg font-semibold">
          Photo for the identity check
        </h2>
        {photoId ? (
          <Image src={`/api/participants/${participantId}/photo?v=${photoId}`} alt={`Photo of ${name}`} width={160} height={160} unoptimized className="size-40 rounded border border-slate-300 object-cover" />
        ) : (
          <p>No photo yet: nurses check ID another way.</p>
        )}
      </div>
      {canReplace ? (
        <ActionForm action={replacePhotoAction} submitLabel={photoId ? "Replace photo" : "Add photo"} successMessage="Saved: the new photo is shown on Today." resetOnSuccess>
          <input type="hidden" name="participantId" value={participantId} />
          <PhotoField name="photo" label={photoId ? "New photo" : "Photo"} />
        </ActionForm>
      ) : null}
    </section>
  );
}
