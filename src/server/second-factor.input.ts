import { z } from "zod";
import { id as ID } from "./input-fields";

export const ConfirmSecondFactorInput = z.object({
  // The secret shown on the set-up page, sent back with the code that proves the app has it.
  secret: z.string({ error: "Start the set-up again." }).regex(/^[A-Z2-7]{32}$/, "Start the set-up again."),
  code: z
    .string({ error: "Type the 6 digits the app shows." })
    .transform((v) => v.replace(/\s/g, ""))
    .pipe(z.string().regex(/^\d{6}$/, "Type the 6 digits the app shows.")),
});
export type ConfirmSecondFactorInput = z.output<typeof ConfirmSecondFactorInput>;

export const ResetSecondFactorInput = z.object({ userId: ID });
export type ResetSecondFactorInput = z.output<typeof ResetSecondFactorInput>;
