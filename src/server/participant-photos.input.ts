import { z } from "zod";
import { id } from "./input-fields";

/**
 * A file field left empty is posted as an empty file with no name (`filename=""`), which the
 * server's multipart parser hands on named "blob": that is no photo, not an empty one.
 */
const noFileChosen = (value: unknown) => (value instanceof File && value.size === 0 && (value.name === "" || value.name === "blob") ? undefined : value);

/** What the photo holds (JPEG or PNG, its size) is checked on its bytes by the service (src/domain/identity-check.ts). */
export const photoFile = z.preprocess(noFileChosen, z.instanceof(File, { error: "Choose a photo." }));
export const optionalPhotoFile = z.preprocess(noFileChosen, z.instanceof(File, { error: "Choose a photo." }).optional());

export const ReplacePhotoInput = z.object({ participantId: id, photo: photoFile });
export type ReplacePhotoInput = z.output<typeof ReplacePhotoInput>;
