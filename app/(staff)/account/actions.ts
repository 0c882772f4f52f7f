"use server";

import { defineAction, type ActionState } from "@/server/action";
import { changeOwnPassword } from "@/server/users";
import { ChangeOwnPasswordInput } from "@/server/users.input";

const change = defineAction({
  name: "user.changeOwnPassword",
  permission: "account.self",
  input: ChangeOwnPasswordInput,
  run: changeOwnPassword,
  revalidate: () => ["/account"],
});

export async function changeOwnPasswordAction(previous: ActionState, form: FormData) {
  return change(previous, form);
}
