"use server";

import { defineAction } from "@/server/action";
import { checkLicenceConfirmation, checkRevocationConfirmation, recordLicence, revokeLicence } from "@/server/licences";
import { RecordLicenceInput, RevokeLicenceInput } from "@/server/licences.input";

const revalidate = () => ["/admin/licences", "/prescribing"];

export const recordLicenceAction = defineAction({
  name: "licence.record",
  permission: "user.manage",
  input: RecordLicenceInput,
  before: (db, actor, input) => checkLicenceConfirmation(db, actor, input),
  run: (tx, actor, input, second) => recordLicence(tx, actor, input, second),
  revalidate,
});
export const revokeLicenceAction = defineAction({
  name: "licence.revoke",
  permission: "user.manage",
  input: RevokeLicenceInput,
  before: (db, actor, input) => checkRevocationConfirmation(db, actor, input),
  run: (tx, actor, input, second) => revokeLicence(tx, actor, input, second),
  revalidate,
});
