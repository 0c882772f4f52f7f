import { z } from "zod";
import { MAX_OFFENCE_TYPE_LENGTH } from "@/domain/import-rows";
import { MAX_SEVERITY_SCORE } from "@/domain/offending";
import { id, pastOrToday, text, wholeNumber } from "./input-fields";

export const RecordOffenceInput = z.object({
  participantId: id,
  offenceDate: pastOrToday("the offence date"),
  // One space between words, as imports store it, so a typed and an imported record match.
  offenceType: text("the offence type", MAX_OFFENCE_TYPE_LENGTH).transform((type) => type.replace(/\s+/g, " ")),
  severityScore: wholeNumber("the severity score", 0, MAX_SEVERITY_SCORE),
});
export type RecordOffenceInput = z.output<typeof RecordOffenceInput>;
