import { z } from "zod";
import { SCREEN_RESULTS, SUBSTANCES, type Substance } from "@/domain/urine";
import { enumOf, id, pastOrToday, yesNo } from "./input-fields";

export const SAMPLE_TYPES = ["URINE", "ORAL_FLUID"] as const;

const result = z.enum(SCREEN_RESULTS, { error: "Choose positive or negative." });
const results = z.object(Object.fromEntries(SUBSTANCES.map((substance) => [substance, result])) as Record<Substance, typeof result>);

/** The form names each result `results.<SUBSTANCE>`; the schema wants them together. */
function gatherResults(raw: unknown): unknown {
  if (typeof raw !== "object" || raw === null) return raw;
  const fields: Record<string, unknown> = { ...raw };
  const gathered: Record<string, unknown> = {};
  for (const substance of SUBSTANCES) {
    gathered[substance] = fields[`results.${substance}`];
    delete fields[`results.${substance}`];
  }
  return { ...fields, results: gathered };
}

/** A result for every substance is required: a blank is not a negative. */
export const RecordUrineScreenInput = z.preprocess(
  gatherResults,
  z.object({
    participantId: id,
    collectedOn: pastOrToday("the collection date"),
    sampleType: enumOf(SAMPLE_TYPES, "the sample type"),
    supervised: yesNo,
    results,
  }),
);
export type RecordUrineScreenInput = z.output<typeof RecordUrineScreenInput>;
