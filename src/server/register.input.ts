import { z } from "zod";
import { normaliseBatch } from "@/domain/cd-register";
import { id, localDate, optionalText, text, wholeNumber, witnessPin } from "./input-fields";

/** Wherever a batch is typed or chosen: one spelling per batch, so "t1 " and "T1" are one batch. */
const batch = text("the batch number", 60).transform(normaliseBatch);

const witness = {
  witnessEmail: z.email({ error: "Enter the witness's email." }).max(200),
  witnessPin: witnessPin("Enter the witness's PIN."),
};

export const ReceiveStockInput = z.object({
  productId: id,
  batch,
  expiresOn: localDate("the expiry date"),
  quantity: wholeNumber("the number of ampoules", 1, 100_000),
  supplier: text("the supplier", 200),
  ...witness,
});
export type ReceiveStockInput = z.output<typeof ReceiveStockInput>;

export const RemoveStockInput = z.object({
  productId: id,
  batch,
  quantity: wholeNumber("the number of ampoules", 1, 100_000),
  kind: z.enum(["DESTRUCTION", "RETURN"], { error: "Choose destruction or return to supplier." }),
  note: text("the reason (expired, damaged, returned …)", 500),
  ...witness,
});
export type RemoveStockInput = z.output<typeof RemoveStockInput>;

/** Witnessed destruction of a drawn dose that was not given. */
export const DestroyLeftoverInput = z.object({ leftoverId: id, note: optionalText(500), ...witness });
export type DestroyLeftoverInput = z.output<typeof DestroyLeftoverInput>;

export const AnnotateEntryInput = z.object({ entryId: id, note: text("the correction or note", 1000) });
export type AnnotateEntryInput = z.output<typeof AnnotateEntryInput>;

export const StockCheckInput = z.object({
  productId: id,
  batch,
  counted: wholeNumber("the number of ampoules counted", 0, 100_000),
  notes: optionalText(1000),
  ...witness,
});
export type StockCheckInput = z.output<typeof StockCheckInput>;

export const RegisterFilter = z.object({
  from: localDate("the start date").optional().catch(undefined),
  to: localDate("the end date").optional().catch(undefined),
});
