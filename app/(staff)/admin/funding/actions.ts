"use server";

import { defineAction } from "@/server/action";
import { saveCostAssumptions, saveFundingLine } from "@/server/funding";
import { SaveCostAssumptionsInput, SaveFundingLineInput } from "@/server/funding.input";

const revalidate = () => ["/admin/funding", "/board"];

export const saveFundingLineAction = defineAction({ name: "funding.save", permission: "setting.manage", input: SaveFundingLineInput, run: saveFundingLine, revalidate });
export const saveCostAssumptionsAction = defineAction({ name: "costAssumptions.save", permission: "setting.manage", input: SaveCostAssumptionsInput, run: saveCostAssumptions, revalidate });
