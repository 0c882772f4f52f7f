import { z } from "zod";
import { id } from "./input-fields";

/**
 * A file field left empty is posted as an empty file with no name (`filename=""`). The
 * server's multipart parser finds no name and React appends the file with an undefined one,
 * which Node's FormData spells "undefined" ("blob" by the standard). That is no photo, not an
 * empty one: a file chosen keeps its own name.
 */
const UNNAMED = ["", "blob", "undefined"];
const noFileChosen = (value: unknown) => (value instanceof File && value.size === 0 && UNNAMED.includes(value.name) ? undefined : value);

/** What the photo holds (JPEG or PNG, its size) is checked on its bytes by the service (src/domain/identity-check.ts). */
export const photoFile = z.preprocess(noFileChosen, z.instanceof(File, { error: "Choose a photo." }));
export const optionalPhotoFile = z.preprocess(noFileChosen, z.instanceof(File, { error: "Choose a photo." }).optional());

export const ReplacePhotoInput = z.object({ participantId: id, photo: photoFile });
export type ReplacePhotoInput = z.output<typeof ReplacePhotoInput>;
