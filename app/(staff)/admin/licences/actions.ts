"use server";

import { defineAction } from "@/server/action";
import { recordLicence, revokeLicence } from "@/server/licences";
import { RecordLicenceInput, RevokeLicenceInput } from "@/server/licences.input";

const revalidate = () => ["/admin/licences", "/prescribing"];

export const recordLicenceAction = defineAction({
  name: "licence.record",
  permission: "user.manage",
  input: RecordLicenceInput,
  run: (tx, actor, input) => recordLicence(tx, actor, input),
  revalidate,
});
export const revokeLicenceAction = defineAction({ name: "licence.revoke", permission: "user.manage", input: RevokeLicenceInput, run: revokeLicence, revalidate });
