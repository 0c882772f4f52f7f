import { z } from "zod";
import { id, localDate, text, witnessPin } from "./input-fields";

/** The second member of staff confirming the record with their own email and witness PIN. */
const secondPerson = {
  witnessEmail: z.email({ error: "Enter the email of the colleague confirming." }).max(200).transform((e) => e.toLowerCase()),
  witnessPin: witnessPin("The colleague confirming enters their PIN."),
};

export const RecordLicenceInput = z
  .object({
    prescriberId: id,
    /** The premises the licence names: one record per site. */
    siteId: id,
    number: text("the licence number", 60),
    validFrom: localDate("the date the licence is valid from"),
    expiresOn: localDate("the expiry date"),
    ...secondPerson,
  })
  .refine((v) => v.validFrom <= v.expiresOn, { path: ["expiresOn"], message: "The expiry date cannot come before the date the licence is valid from." });
export type RecordLicenceInput = z.output<typeof RecordLicenceInput>;

export const RevokeLicenceInput = z.object({ licenceId: id, reason: text("the reason for revoking", 500), ...secondPerson });
export type RevokeLicenceInput = z.output<typeof RevokeLicenceInput>;
