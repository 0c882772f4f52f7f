"use server";

import { defineAction } from "@/server/action";
import { clearHold, placeHold, prescribe } from "@/server/prescriptions";
import { ClearHoldInput, PlaceHoldInput, PrescribeInput } from "@/server/prescriptions.input";

const pages = (participantId: string) => ["/prescribing", `/prescribing/${participantId}`, `/participants/${participantId}`, "/today"];

export const prescribeAction = defineAction({
  name: "prescription.create",
  permission: "prescription.write",
  input: PrescribeInput,
  run: (tx, actor, input) => prescribe(tx, actor, input),
  revalidate: (input) => pages(input.participantId),
});
export const placeHoldAction = defineAction({ name: "hold.place", permission: "prescription.write", input: PlaceHoldInput, run: placeHold, revalidate: (input) => pages(input.participantId) });
export const clearHoldAction = defineAction({
  name: "hold.clear",
  permission: "prescription.write",
  input: ClearHoldInput,
  run: (tx, actor, input) => clearHold(tx, actor, input),
  revalidate: (_, data) => pages(data.participantId),
});
