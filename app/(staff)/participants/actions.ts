"use server";

import { defineAction, type ActionState } from "@/server/action";
import { endBreak, enrolParticipant, exitParticipant, recordAssessment, referNewParticipant, reReferParticipant, startBreak } from "@/server/participants";
import { AssessInput, EndBreakInput, EnrolInput, ExitInput, ReferNewInput, ReReferInput, StartBreakInput } from "@/server/participants.input";

const profile = (input: { participantId: string }) => ["/participants", `/participants/${input.participantId}`];

const refer = defineAction({
  name: "participant.refer",
  permission: "participant.manage",
  input: ReferNewInput,
  run: referNewParticipant,
  revalidate: () => ["/participants"],
  redirectTo: (_, data) => `/participants/${data.id}`,
});
const rerefer = defineAction({ name: "participant.rerefer", permission: "participant.manage", input: ReReferInput, run: reReferParticipant, revalidate: profile });
const assess = defineAction({
  name: "participant.assess",
  permission: "participant.manage",
  input: AssessInput,
  run: recordAssessment,
  revalidate: (_, data) => ["/participants", `/participants/${data.id}`],
});
const enrol = defineAction({ name: "participant.enrol", permission: "participant.manage", input: EnrolInput, run: enrolParticipant, revalidate: profile });
const breakStart = defineAction({ name: "participant.startBreak", permission: "participant.manage", input: StartBreakInput, run: startBreak, revalidate: profile });
const breakEnd = defineAction({ name: "participant.endBreak", permission: "participant.manage", input: EndBreakInput, run: endBreak, revalidate: profile });
const exit = defineAction({ name: "participant.exit", permission: "participant.manage", input: ExitInput, run: exitParticipant, revalidate: profile });

export async function referParticipantAction(previous: ActionState, form: FormData) {
  return refer(previous, form);
}
export async function reReferParticipantAction(previous: ActionState, form: FormData) {
  return rerefer(previous, form);
}
export async function assessParticipantAction(previous: ActionState, form: FormData) {
  return assess(previous, form);
}
export async function enrolParticipantAction(previous: ActionState, form: FormData) {
  return enrol(previous, form);
}
export async function startBreakAction(previous: ActionState, form: FormData) {
  return breakStart(previous, form);
}
export async function endBreakAction(previous: ActionState, form: FormData) {
  return breakEnd(previous, form);
}
export async function exitParticipantAction(previous: ActionState, form: FormData) {
  return exit(previous, form);
}
