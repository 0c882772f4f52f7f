import { z } from "zod";
import { isLocalTime } from "@/domain/clinic-time";
import { stockBatch } from "./dose-sessions.input";
import { enumOf, id, localDate, optionalText, text, wholeNumber } from "./input-fields";

const slot = enumOf(["AM", "PM"] as const, "the session");

/** A time as written on the paper sheet, on the session's day. */
const paperTime = (label: string) => z.string({ error: `Enter ${label} from the paper sheet.` }).refine(isLocalTime, `Enter ${label} as hh:mm (24-hour), as on the paper sheet.`);

/** One dose from the paper sheet of an outage, as the nurse enters it. */
export const EnterBackEntryInput = z.object({
  participantId: id,
  sessionDate: localDate("the session date"),
  slot,
  arrivedAt: paperTime("the time arrived"),
  drawnAt: paperTime("the time drawn"),
  givenAt: paperTime("the time given"),
  signedOffAt: paperTime("the time signed off"),
  doseMg: wholeNumber("the dose given (mg)", 1, 2000),
  partialReason: optionalText(500),
  injectionSite: optionalText(120),
  batch: stockBatch,
  witnessId: z.string({ error: "Name the witness on the paper sheet: a dose without a witness is not entered." }).pipe(id),
});
export type EnterBackEntryInput = z.output<typeof EnterBackEntryInput>;

/** The entries the approver saw ("<id>,<id>…"), so an approval never covers one they did not see. */
export const ApproveBackEntriesInput = z.object({ sessionDate: localDate("the session date"), slot, entries: text("the entries to approve", 20_000) });
export type ApproveBackEntriesInput = z.output<typeof ApproveBackEntriesInput>;

export const RejectBackEntryInput = z.object({ backEntryId: id, reason: text("the reason for rejecting the entry", 500) });
export type RejectBackEntryInput = z.output<typeof RejectBackEntryInput>;

export const ConfirmOutageInput = z.object({ sessionDate: localDate("the session date"), slot, reason: text("what happened at this session", 500) });
export type ConfirmOutageInput = z.output<typeof ConfirmOutageInput>;
