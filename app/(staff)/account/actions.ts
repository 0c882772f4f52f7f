"use server";

import { defineAction } from "@/server/action";
import { changeOwnPassword } from "@/server/users";
import { ChangeOwnPasswordInput } from "@/server/users.input";

export const changeOwnPasswordAction = defineAction({
  name: "user.changeOwnPassword",
  permission: "account.self",
  input: ChangeOwnPasswordInput,
  run: changeOwnPassword,
  revalidate: () => ["/account"],
});
