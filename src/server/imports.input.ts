import { z } from "zod";
import { enumOf } from "./input-fields";

export const IMPORT_KINDS = ["offences", "urine"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/**
 * Uploads stay under Next's 1 MB server-action body limit (about 25,000 police rows);
 * larger extracts go through `npm run import` on the server, which has no limit.
 */
export const MAX_IMPORT_BYTES = 1_000_000;

export const TOO_LARGE = "The file is larger than 1 MB. Split it, or ask for it to be imported with npm run import on the server.";

export const ImportCsvInput = z.object({
  kind: enumOf(IMPORT_KINDS, "what the file holds"),
  file: z
    .instanceof(File, { error: "Choose a CSV file." })
    .refine((file) => file.size > 0, "Choose a CSV file: this one is empty.")
    .refine((file) => file.size <= MAX_IMPORT_BYTES, TOO_LARGE),
});
export type ImportCsvInput = z.output<typeof ImportCsvInput>;
