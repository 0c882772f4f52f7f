"use server";

import { defineAction } from "@/server/action";
import { recordOffence } from "@/server/offences";
import { RecordOffenceInput } from "@/server/offences.input";
import { recordTopAssessment } from "@/server/top-assessments";
import { RecordTopInput } from "@/server/top-assessments.input";
import { recordUrineScreen } from "@/server/urine-screens";
import { RecordUrineScreenInput } from "@/server/urine-screens.input";

const pages = (participantId: string) => [`/participants/${participantId}/evidence`, `/participants/${participantId}`, "/participants/top-due"];

export const recordUrineScreenAction = defineAction({
  name: "urineScreen.record",
  permission: "evidence.record",
  input: RecordUrineScreenInput,
  run: recordUrineScreen,
  revalidate: (_, data) => pages(data.participantId),
});
export const recordTopAssessmentAction = defineAction({
  name: "top.record",
  permission: "evidence.record",
  input: RecordTopInput,
  run: recordTopAssessment,
  revalidate: (_, data) => pages(data.participantId),
});
export const recordOffenceAction = defineAction({
  name: "offence.record",
  permission: "evidence.record",
  input: RecordOffenceInput,
  run: recordOffence,
  revalidate: (_, data) => pages(data.participantId),
});
