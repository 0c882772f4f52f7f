"use server";

import { defineAction } from "@/server/action";
import { approveBackEntries, confirmOutageSession, enterBackEntry, rejectBackEntry } from "@/server/back-entry";
import { ApproveBackEntriesInput, ConfirmOutageInput, EnterBackEntryInput, RejectBackEntryInput } from "@/server/back-entry.input";

const pages = () => ["/back-entry", "/prescribing", "/today", "/register"];
/** A prescriber or the CD lead decides (the service checks the role and that it is not their own entry). */
const DECIDERS = ["prescription.write", "register.write"] as const;

export const enterBackEntryAction = defineAction({ name: "backEntry.enter", permission: "dose.record", input: EnterBackEntryInput, run: enterBackEntry, revalidate: pages });
export const approveBackEntriesAction = defineAction({ name: "backEntry.approve", permission: DECIDERS, input: ApproveBackEntriesInput, run: approveBackEntries, revalidate: pages });
export const rejectBackEntryAction = defineAction({ name: "backEntry.reject", permission: DECIDERS, input: RejectBackEntryInput, run: rejectBackEntry, revalidate: pages });
export const confirmOutageAction = defineAction({ name: "session.outageConfirmed", permission: DECIDERS, input: ConfirmOutageInput, run: confirmOutageSession, revalidate: pages });
