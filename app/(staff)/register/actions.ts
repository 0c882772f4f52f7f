"use server";

import { defineAction } from "@/server/action";
import {
  annotateEntry,
  checkLeftoverWitness,
  checkReceiptWitness,
  checkRemovalWitness,
  checkStockCheckWitness,
  destroyDoseLeftover,
  receiveStock,
  recordStockCheck,
  removeStock,
} from "@/server/register";
import { AnnotateEntryInput, DestroyLeftoverInput, ReceiveStockInput, RemoveStockInput, StockCheckInput } from "@/server/register.input";

const pages = (_: unknown, data: { productId: string }) => ["/register", `/register/${data.productId}`];

// Witnessed steps: the product (or drawn dose) and the witness's PIN are checked before the transaction.
export const receiveStockAction = defineAction({
  name: "register.receive",
  permission: "register.write",
  input: ReceiveStockInput,
  before: (db, actor, input) => checkReceiptWitness(db, actor, input),
  run: (tx, actor, input, witness) => receiveStock(tx, actor, input, witness),
  revalidate: pages,
});
export const removeStockAction = defineAction({
  name: "register.remove",
  permission: "register.write",
  input: RemoveStockInput,
  before: (db, actor, input) => checkRemovalWitness(db, actor, input),
  run: (tx, actor, input, witness) => removeStock(tx, actor, input, witness),
  revalidate: pages,
});
export const annotateEntryAction = defineAction({ name: "register.annotate", permission: "register.write", input: AnnotateEntryInput, run: (tx, actor, input) => annotateEntry(tx, actor, input), revalidate: pages });
export const stockCheckAction = defineAction({
  name: "register.stockCheck",
  permission: "register.write",
  input: StockCheckInput,
  before: (db, actor, input) => checkStockCheckWitness(db, actor, input),
  run: (tx, actor, input, witness) => recordStockCheck(tx, actor, input, witness),
  revalidate: pages,
});
/** Drawn doses not given are destroyed under witness; Today lists them too. */
export const destroyDoseLeftoverAction = defineAction({
  name: "register.destroyLeftover",
  permission: "register.write",
  input: DestroyLeftoverInput,
  before: (db, actor, input) => checkLeftoverWitness(db, actor, input),
  run: (tx, actor, input, witness) => destroyDoseLeftover(tx, actor, input, witness),
  revalidate: (input, data) => [...pages(input, data), "/today"],
});
