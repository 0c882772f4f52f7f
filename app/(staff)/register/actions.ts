"use server";

import { defineAction } from "@/server/action";
import { annotateEntry, destroyDoseLeftover, receiveStock, recordStockCheck, removeStock } from "@/server/register";
import { AnnotateEntryInput, DestroyLeftoverInput, ReceiveStockInput, RemoveStockInput, StockCheckInput } from "@/server/register.input";

const pages = (_: unknown, data: { productId: string }) => ["/register", `/register/${data.productId}`];

export const receiveStockAction = defineAction({ name: "register.receive", permission: "register.write", input: ReceiveStockInput, run: (tx, actor, input) => receiveStock(tx, actor, input), revalidate: pages });
export const removeStockAction = defineAction({ name: "register.remove", permission: "register.write", input: RemoveStockInput, run: (tx, actor, input) => removeStock(tx, actor, input), revalidate: pages });
export const annotateEntryAction = defineAction({ name: "register.annotate", permission: "register.write", input: AnnotateEntryInput, run: (tx, actor, input) => annotateEntry(tx, actor, input), revalidate: pages });
export const stockCheckAction = defineAction({ name: "register.stockCheck", permission: "register.write", input: StockCheckInput, run: (tx, actor, input) => recordStockCheck(tx, actor, input), revalidate: pages });
/** Drawn doses not given are destroyed under witness; Today lists them too. */
export const destroyDoseLeftoverAction = defineAction({
  name: "register.destroyLeftover",
  permission: "register.write",
  input: DestroyLeftoverInput,
  run: (tx, actor, input) => destroyDoseLeftover(tx, actor, input),
  revalidate: (input, data) => [...pages(input, data), "/today"],
});
