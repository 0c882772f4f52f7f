import { z } from "zod";
import { MAX_ORAL_MG_PER_DAY, ORAL_DRUGS } from "@/domain/dosing-limits";
import { isLocalDate, type SessionKey } from "@/domain/clinic-time";
import { enumOf, id, localDate, optionalText, text, wholeNumber, yesNo } from "./input-fields";

export { ORAL_DRUGS };

export const DOSE_ROUTES = ["IV", "IM", "ORAL"] as const;

export const PrescribeInput = z
  .object({
    participantId: id,
    amDoseMg: wholeNumber("the AM dose (mg)", 0, 2000),
    pmDoseMg: wholeNumber("the PM dose (mg)", 0, 2000),
    /** How the dose is given: the nurse gives it by this route, never one picked at the bedside. */
    route: enumOf(DOSE_ROUTES, "the route").optional().default("IV"),
    /** The prescriber records this as the stable dose: the titration ends. */
    stableDose: yesNo.optional().default(false),
    /** "now", or a later session ("2026-12-01 AM") whose check-in has not opened yet. */
    startsFrom: z
      .string()
      .optional()
      .default("now")
      .refine((v) => v === "now" || sessionOf(v) !== null, "Choose when the prescription starts.")
      .transform((v) => (v === "now" ? null : sessionOf(v))),
    /** The date a prescriber reviews it by; by default the clinic's interval after the start. */
    reviewBy: localDate("the review date").optional(),
    transferToOral: yesNo.optional().default(false),
    oralDrug: enumOf(ORAL_DRUGS, "the oral medicine").optional(),
    oralDoseMgPerDay: wholeNumber("the oral dose (mg a day)", 1, MAX_ORAL_MG_PER_DAY).optional(),
    reason: text("the reason for this prescription", 500),
    overrideReason: optionalText(1000),
    /** Clear this hold in the same step (a review that issues a new prescription). */
    clearHoldId: id.optional(),
  })
  .refine((v) => (v.oralDrug === undefined) === (v.oralDoseMgPerDay === undefined), {
    path: ["oralDoseMgPerDay"],
    message: "Give both the oral medicine and its daily dose, or neither.",
  })
  .refine((v) => !v.transferToOral || v.oralDrug !== undefined, {
    path: ["oralDrug"],
    message: "A transfer to oral treatment needs the oral medicine and dose.",
  });
export type PrescribeInput = z.output<typeof PrescribeInput>;

/** A session as the start field names it: "yyyy-mm-dd AM" or "yyyy-mm-dd PM". */
export function sessionValue(session: SessionKey): string {
  return `${session.date} ${session.slot}`;
}

function sessionOf(value: string): SessionKey | null {
  const [date, slot] = value.split(" ");
  return date && isLocalDate(date) && (slot === "AM" || slot === "PM") ? { date, slot } : null;
}

export const PlaceHoldInput = z.object({
  participantId: id,
  kind: enumOf(["SOFT", "HARD"] as const, "the kind of hold"),
  reason: text("the reason for the hold", 500),
});
export type PlaceHoldInput = z.output<typeof PlaceHoldInput>;

export const ClearHoldInput = z.object({ holdId: id, note: text("the review note", 1000) });
export type ClearHoldInput = z.output<typeof ClearHoldInput>;
