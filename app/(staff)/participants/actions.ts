"use server";

import { defineAction } from "@/server/action";
import { endBreak, enrolParticipant, exitParticipant, recordAssessment, referNewParticipant, reReferParticipant, startBreak } from "@/server/participants";
import { replaceParticipantPhoto } from "@/server/participant-photos";
import { ReplacePhotoInput } from "@/server/participant-photos.input";
import { recordParticipantAdverseEvent } from "@/server/dose-sessions";
import { ParticipantAdverseEventInput } from "@/server/dose-sessions.input";
import { AssessInput, EndBreakInput, EnrolInput, ExitInput, ReferNewInput, ReReferInput, StartBreakInput } from "@/server/participants.input";

const profile = (input: { participantId: string }) => ["/participants", `/participants/${input.participantId}`];

export const referParticipantAction = defineAction({
  name: "participant.refer",
  permission: "participant.manage",
  input: ReferNewInput,
  run: referNewParticipant,
  revalidate: () => ["/participants"],
  redirectTo: (_, data) => `/participants/${data.id}`,
});
export const reReferParticipantAction = defineAction({ name: "participant.rerefer", permission: "participant.manage", input: ReReferInput, run: reReferParticipant, revalidate: profile });
export const assessParticipantAction = defineAction({
  name: "participant.assess",
  permission: "participant.manage",
  input: AssessInput,
  run: recordAssessment,
  revalidate: (_, data) => ["/participants", `/participants/${data.id}`],
});
export const enrolParticipantAction = defineAction({ name: "participant.enrol", permission: "participant.manage", input: EnrolInput, run: enrolParticipant, revalidate: (input) => [...profile(input), "/today"] });
/** A new photo for the identity check (the newest is shown); audited. */
export const replacePhotoAction = defineAction({ name: "participant.photo", permission: "participant.manage", input: ReplacePhotoInput, run: replaceParticipantPhoto, revalidate: (input) => [...profile(input), "/today"] });
export const startBreakAction = defineAction({ name: "participant.startBreak", permission: "participant.manage", input: StartBreakInput, run: startBreak, revalidate: profile });
export const endBreakAction = defineAction({ name: "participant.endBreak", permission: "participant.manage", input: EndBreakInput, run: endBreak, revalidate: profile });
export const exitParticipantAction = defineAction({ name: "participant.exit", permission: "participant.manage", input: ExitInput, run: exitParticipant, revalidate: profile });
/** An adverse event for anyone enrolled (a collapse in the waiting room is on no session's card). */
export const recordParticipantAdverseEventAction = defineAction({
  name: "adverseEvent.recordForParticipant",
  permission: "dose.record",
  input: ParticipantAdverseEventInput,
  run: recordParticipantAdverseEvent,
  revalidate: (input) => [...profile(input), "/today"],
});
