"use server";

import { defineAction } from "@/server/action";
import {
  administerDose,
  authoriseLateDose,
  checkDrawWitness,
  checkIn,
  declineDose,
  drawDose,
  recordAdverseEvent,
  recordPreDoseAssessment,
  signOff,
  withholdDose,
} from "@/server/dose-sessions";
import {
  AdministerDoseInput,
  AdverseEventInput,
  AuthoriseLateDoseInput,
  CheckInInput,
  CloseSessionInput,
  DeclineDoseInput,
  DrawDoseInput,
  PreDoseAssessmentInput,
  SignOffInput,
  WithholdDoseInput,
} from "@/server/dose-sessions.input";
import { closeSession } from "@/server/session-closure";

const today = () => ["/today"];

export const checkInAction = defineAction({ name: "doseSession.checkIn", permission: "dose.record", input: CheckInInput, run: checkIn, revalidate: today });
export const recordPreDoseAssessmentAction = defineAction({
  name: "doseSession.assess",
  permission: "dose.record",
  input: PreDoseAssessmentInput,
  run: recordPreDoseAssessment,
  revalidate: today,
});
/** The session and the witness's PIN are checked before the transaction takes the participant's lock. */
export const drawDoseAction = defineAction({
  name: "doseSession.draw",
  permission: "dose.record",
  input: DrawDoseInput,
  before: (db, actor, input) => checkDrawWitness(db, actor, input),
  run: (tx, actor, input, witness) => drawDose(tx, actor, input, witness),
  revalidate: today,
});
export const administerDoseAction = defineAction({ name: "doseSession.administer", permission: "dose.record", input: AdministerDoseInput, run: administerDose, revalidate: today });
export const signOffAction = defineAction({ name: "doseSession.signOff", permission: "dose.record", input: SignOffInput, run: signOff, revalidate: today });
export const withholdDoseAction = defineAction({ name: "doseSession.withhold", permission: "dose.record", input: WithholdDoseInput, run: withholdDose, revalidate: today });
export const declineDoseAction = defineAction({ name: "doseSession.decline", permission: "dose.record", input: DeclineDoseInput, run: declineDose, revalidate: today });
export const recordAdverseEventAction = defineAction({ name: "adverseEvent.record", permission: "dose.record", input: AdverseEventInput, run: recordAdverseEvent, revalidate: today });
/** A late dose is a prescribing decision: only a prescriber authorises it. */
export const authoriseLateDoseAction = defineAction({
  name: "doseSession.authoriseLate",
  permission: "prescription.write",
  input: AuthoriseLateDoseInput,
  run: authoriseLateDose,
  revalidate: today,
});
export const closeSessionAction = defineAction({
  name: "session.close",
  permission: "dose.record",
  input: CloseSessionInput,
  run: (tx, actor, input) =>
    closeSession(tx, actor, { siteId: actor.siteId, date: input.sessionDate, slot: input.slot, confirmedEffects: input.confirmedEffects, reason: input.reason }),
  revalidate: today,
});
