"use server";

import { defineAction, type ActionState } from "@/server/action";
import { changeRole, createUser, disableUser, enableUser, resetPassword } from "@/server/users";
import { ChangeRoleInput, CreateUserInput, ResetPasswordInput, UserIdInput } from "@/server/users.input";

const revalidate = () => ["/admin"];

const create = defineAction({ name: "user.create", permission: "user.manage", input: CreateUserInput, run: createUser, revalidate });
const role = defineAction({ name: "user.changeRole", permission: "user.manage", input: ChangeRoleInput, run: changeRole, revalidate });
const disable = defineAction({ name: "user.disable", permission: "user.manage", input: UserIdInput, run: disableUser, revalidate });
const enable = defineAction({ name: "user.enable", permission: "user.manage", input: UserIdInput, run: enableUser, revalidate });
const reset = defineAction({ name: "user.resetPassword", permission: "user.manage", input: ResetPasswordInput, run: resetPassword, revalidate });

export async function createUserAction(previous: ActionState, form: FormData) {
  return create(previous, form);
}
export async function changeRoleAction(previous: ActionState, form: FormData) {
  return role(previous, form);
}
export async function disableUserAction(previous: ActionState, form: FormData) {
  return disable(previous, form);
}
export async function enableUserAction(previous: ActionState, form: FormData) {
  return enable(previous, form);
}
export async function resetPasswordAction(previous: ActionState, form: FormData) {
  return reset(previous, form);
}
