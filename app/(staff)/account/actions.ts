"use server";

import { defineAction } from "@/server/action";
import { changeOwnPassword, prepareOwnWitnessPin, setOwnWitnessPin } from "@/server/users";
import { ChangeOwnPasswordInput, SetOwnWitnessPinInput } from "@/server/users.input";

export const changeOwnPasswordAction = defineAction({
  name: "user.changeOwnPassword",
  permission: "account.self",
  input: ChangeOwnPasswordInput,
  run: changeOwnPassword,
  revalidate: () => ["/account"],
});

/** The password is checked and the new PIN hashed before the transaction. */
export const setOwnWitnessPinAction = defineAction({
  name: "user.setWitnessPin",
  permission: "account.self",
  input: SetOwnWitnessPinInput,
  before: (db, actor, input) => prepareOwnWitnessPin(db, actor, input),
  run: (tx, actor, _input, prepared) => setOwnWitnessPin(tx, actor, prepared),
  revalidate: () => ["/account", "/account/witness-pin"],
});
