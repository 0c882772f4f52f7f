import { z } from "zod";
import { passwordWeakness } from "@/domain/password-strength";
import { witnessPinProblem } from "@/domain/witness-pin";
import { id as ID, withoutNul } from "./input-fields";

const ROLE = z.enum(["NURSE", "PRESCRIBER", "PHARMACIST", "BOARD", "ADMIN"], { error: "Choose a role." });

/** Every password set (new account, reset, change): src/domain/password-strength.ts. */
export const Password = z.string({ error: "Enter a password." }).superRefine((value, context) => {
  const weakness = passwordWeakness(value);
  if (weakness) context.addIssue({ code: "custom", message: weakness });
});

export const CreateUserInput = z.object({
  name: z.string({ error: "Enter a name." }).min(2, "Enter a name.").max(120).refine(withoutNul, "Remove the control character from the name."),
  email: z.email({ error: "Enter a valid email address." }).max(200).transform((e) => e.toLowerCase()),
  role: ROLE,
  siteId: ID,
  temporaryPassword: Password,
});
export type CreateUserInput = z.output<typeof CreateUserInput>;

export const ChangeRoleInput = z.object({ userId: ID, role: ROLE, siteId: ID });
export type ChangeRoleInput = z.output<typeof ChangeRoleInput>;

export const SetClinicalLeadInput = z.object({
  userId: ID,
  clinicalLead: z.enum(["true", "false"], { error: "Choose yes or no." }).transform((v) => v === "true"),
});
export type SetClinicalLeadInput = z.output<typeof SetClinicalLeadInput>;

export const UserIdInput = z.object({ userId: ID });
export type UserIdInput = z.output<typeof UserIdInput>;

export const ResetPasswordInput = z.object({ userId: ID, temporaryPassword: Password });
export type ResetPasswordInput = z.output<typeof ResetPasswordInput>;

export const ChangeOwnPasswordInput = z
  .object({ currentPassword: z.string({ error: "Enter your current password." }).min(1).max(200), newPassword: Password, confirmPassword: z.string({ error: "Repeat the new password." }) })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "The two new passwords differ." })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ["newPassword"], message: "Choose a password different from the current one." });
export type ChangeOwnPasswordInput = z.output<typeof ChangeOwnPasswordInput>;

/** A member of staff sets or changes their own witness PIN: nobody else ever knows it. */
export const SetOwnWitnessPinInput = z
  .object({
    currentPassword: z.string({ error: "Enter your password." }).min(1).max(200),
    newPin: z.string({ error: "Enter a new PIN." }).superRefine((pin, context) => {
      const problem = witnessPinProblem(pin);
      if (problem) context.addIssue({ code: "custom", message: problem });
    }),
    confirmPin: z.string({ error: "Repeat the new PIN." }),
  })
  .refine((v) => v.newPin === v.confirmPin, { path: ["confirmPin"], message: "The two PINs differ." });
export type SetOwnWitnessPinInput = z.output<typeof SetOwnWitnessPinInput>;
