import { z } from "zod";
import type { CostAssumptions } from "@/domain/costs";
import { MAX_AMOUNT_PENCE, parsePounds } from "@/domain/money";
import { enumOf, id, optionalText, text, wholeNumber } from "./input-fields";

export const FUNDING_KINDS = ["FUNDING", "IN_KIND"] as const;

const pounds = (label: string) =>
  z
    .string({ error: `Enter ${label}.` })
    .trim()
    .transform((value, ctx) => {
      const pence = parsePounds(value);
      if (pence === null) {
        ctx.addIssue({ code: "custom", message: `Enter ${label} in pounds, such as 45,000 or 45000.50.` });
        return z.NEVER;
      }
      return pence;
    });

/** Without an id a new line; with one, a change to that line. */
export const SaveFundingLineInput = z.object({
  fundingLineId: id.optional(),
  financialYear: wholeNumber("the financial year", 2000, 2100),
  kind: enumOf(FUNDING_KINDS, "funding or in kind"),
  source: text("the source", 200).transform((source) => source.replace(/\s+/g, " ")),
  amount: pounds("the amount"),
  note: optionalText(500),
});
export type SaveFundingLineInput = z.output<typeof SaveFundingLineInput>;

/** How cost assumptions are stored; also guards what is read back. */
export const CostAssumptionsValue = z.object({
  costPerOffencePence: z.number().int().min(0).max(MAX_AMOUNT_PENCE),
  basis: z.string().min(1).max(1000),
}) satisfies z.ZodType<CostAssumptions>;

export const SaveCostAssumptionsInput = z.object({
  costPerOffence: pounds("the cost of one offence"),
  basis: text("where the figures come from", 1000),
  reason: text("the reason for the change", 500),
});
export type SaveCostAssumptionsInput = z.output<typeof SaveCostAssumptionsInput>;
