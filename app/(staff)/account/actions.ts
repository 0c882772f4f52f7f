"use server";

import { defineAction } from "@/server/action";
import { confirmSecondFactor } from "@/server/second-factor";
import { ConfirmSecondFactorInput } from "@/server/second-factor.input";
import { changeOwnPassword, prepareOwnPasswordChange, prepareOwnWitnessPin, setOwnWitnessPin } from "@/server/users";
import { ChangeOwnPasswordInput, SetOwnWitnessPinInput } from "@/server/users.input";

/** The current password is checked and the new one hashed before the transaction. */
export const changeOwnPasswordAction = defineAction({
  name: "user.changeOwnPassword",
  permission: "account.self",
  input: ChangeOwnPasswordInput,
  before: prepareOwnPasswordChange,
  run: (tx, actor, _input, prepared) => changeOwnPassword(tx, actor, prepared),
  whilePending: "password",
  // The change ends every session of the account, this one too: sign in with the new password.
  redirectTo: () => "/login?ended=password",
});

export const confirmSecondFactorAction = defineAction({
  name: "user.secondFactorSetUp",
  permission: "account.self",
  input: ConfirmSecondFactorInput,
  run: (tx, actor, input) => confirmSecondFactor(tx, actor, input),
  whilePending: "secondFactor",
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
