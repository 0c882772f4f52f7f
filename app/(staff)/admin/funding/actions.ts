"use server";

import { defineAction, type ActionState } from "@/server/action";
import { saveCostAssumptions, saveFundingLine } from "@/server/funding";
import { SaveCostAssumptionsInput, SaveFundingLineInput } from "@/server/funding.input";

const revalidate = () => ["/admin/funding", "/board"];

const line = defineAction({ name: "funding.save", permission: "setting.manage", input: SaveFundingLineInput, run: saveFundingLine, revalidate });
const costs = defineAction({ name: "costAssumptions.save", permission: "setting.manage", input: SaveCostAssumptionsInput, run: saveCostAssumptions, revalidate });

export async function saveFundingLineAction(previous: ActionState, form: FormData) {
  return line(previous, form);
}
export async function saveCostAssumptionsAction(previous: ActionState, form: FormData) {
  return costs(previous, form);
}
