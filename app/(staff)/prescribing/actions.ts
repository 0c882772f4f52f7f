"use server";

import { defineAction, type ActionState } from "@/server/action";
import { clearHold, placeHold, prescribe } from "@/server/prescriptions";
import { ClearHoldInput, PlaceHoldInput, PrescribeInput } from "@/server/prescriptions.input";

const pages = (participantId: string) => ["/prescribing", `/prescribing/${participantId}`, `/participants/${participantId}`, "/today"];

const prescribeNew = defineAction({
  name: "prescription.create",
  permission: "prescription.write",
  input: PrescribeInput,
  run: (tx, actor, input) => prescribe(tx, actor, input),
  revalidate: (input) => pages(input.participantId),
});
const hold = defineAction({ name: "hold.place", permission: "prescription.write", input: PlaceHoldInput, run: placeHold, revalidate: (input) => pages(input.participantId) });
const clear = defineAction({
  name: "hold.clear",
  permission: "prescription.write",
  input: ClearHoldInput,
  run: (tx, actor, input) => clearHold(tx, actor, input),
  revalidate: (_, data) => pages(data.participantId),
});

export async function prescribeAction(previous: ActionState, form: FormData) {
  return prescribeNew(previous, form);
}
export async function placeHoldAction(previous: ActionState, form: FormData) {
  return hold(previous, form);
}
export async function clearHoldAction(previous: ActionState, form: FormData) {
  return clear(previous, form);
}
