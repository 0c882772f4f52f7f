import { z } from "zod";
import { TOP_FIELDS, TOP_RANGES, TOP_STAGES, topProblems, type TopAnswers, type TopFieldName } from "@/domain/top";
import { enumOf, id, pastOrToday, wholeNumber, yesNo } from "./input-fields";

/** One schema per TOP question, its range taken from the TOP definitions. */
const answers = Object.fromEntries(
  TOP_FIELDS.map((field) => {
    const label = field.label[0]!.toLowerCase() + field.label.slice(1);
    return [field.name, field.kind === "yesNo" ? yesNo : wholeNumber(label, TOP_RANGES[field.kind].min, TOP_RANGES[field.kind].max)];
  }),
) as unknown as { [K in TopFieldName]: z.ZodType<TopAnswers[K]> };

export const RecordTopInput = z
  .object({
    participantId: id,
    assessedOn: pastOrToday("the date of the TOP"),
    stage: enumOf(TOP_STAGES, "the stage (start, review or exit)"),
    ...answers,
  })
  .superRefine((input, ctx) => {
    for (const problem of topProblems(input)) ctx.addIssue({ code: "custom", path: [problem.field], message: problem.message });
  });
export type RecordTopInput = z.output<typeof RecordTopInput>;
