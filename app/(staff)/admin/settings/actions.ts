"use server";

import { defineAction } from "@/server/action";
import { updateSetting } from "@/server/settings";
import { UpdateSettingInput } from "@/server/settings.input";

export const updateSettingAction = defineAction({
  name: "setting.update",
  permission: "setting.manage",
  input: UpdateSettingInput,
  run: updateSetting,
  revalidate: () => ["/admin/settings", "/today", "/prescribing"],
});
