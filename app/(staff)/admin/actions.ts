"use server";

import { defineAction } from "@/server/action";
import { resetSecondFactor } from "@/server/second-factor";
import { ResetSecondFactorInput } from "@/server/second-factor.input";
import { changeRole, createUser, disableUser, enableUser, prepareTemporaryPassword, resetPassword, resetWitnessPin, setClinicalLead } from "@/server/users";
import { ChangeRoleInput, CreateUserInput, ResetPasswordInput, SetClinicalLeadInput, UserIdInput } from "@/server/users.input";

const revalidate = () => ["/admin"];

// Temporary passwords are hashed before the transaction (src/server/users.ts).
export const createUserAction = defineAction({ name: "user.create", permission: "user.manage", input: CreateUserInput, before: prepareTemporaryPassword, run: createUser, revalidate });
export const changeRoleAction = defineAction({ name: "user.changeRole", permission: "user.manage", input: ChangeRoleInput, run: changeRole, revalidate });
export const setClinicalLeadAction = defineAction({ name: "user.setClinicalLead", permission: "user.manage", input: SetClinicalLeadInput, run: setClinicalLead, revalidate });
export const disableUserAction = defineAction({ name: "user.disable", permission: "user.manage", input: UserIdInput, run: disableUser, revalidate });
export const enableUserAction = defineAction({ name: "user.enable", permission: "user.manage", input: UserIdInput, run: enableUser, revalidate });
export const resetPasswordAction = defineAction({ name: "user.resetPassword", permission: "user.manage", input: ResetPasswordInput, before: prepareTemporaryPassword, run: resetPassword, revalidate });
export const resetSecondFactorAction = defineAction({ name: "user.secondFactorReset", permission: "user.manage", input: ResetSecondFactorInput, run: resetSecondFactor, revalidate });
/** Clears the PIN; its owner sets a new one on their account page. */
export const resetWitnessPinAction = defineAction({ name: "user.resetWitnessPin", permission: "user.manage", input: UserIdInput, run: resetWitnessPin, revalidate });
