import { z } from "zod";
import { id } from "./input-fields";

/** A file field left empty is posted as a nameless, empty file: that is no photo, not an empty one. */
const noFileChosen = (value: unknown) => (value instanceof File && value.size === 0 && value.name === "" ? undefined : value);

/** What the photo holds (JPEG or PNG, its size) is checked on its bytes by the service (src/domain/identity-check.ts). */
export const photoFile = z.preprocess(noFileChosen, z.instanceof(File, { error: "Choose a photo." }));
export const optionalPhotoFile = z.preprocess(noFileChosen, z.instanceof(File, { error: "Choose a photo." }).optional());

export const ReplacePhotoInput = z.object({ participantId: id, photo: photoFile });
export type ReplacePhotoInput = z.output<typeof ReplacePhotoInput>;
