"use server";

import { SETTINGS_ACCESS } from "@/auth/permissions";
import { defineAction } from "@/server/action";
import { updateSetting } from "@/server/settings";
import { UpdateSettingInput } from "@/server/settings.input";

export const updateSettingAction = defineAction({
  name: "setting.update",
  // Administrators change operational settings, clinical leads clinical ones: the service decides per setting.
  permission: SETTINGS_ACCESS,
  input: UpdateSettingInput,
  run: updateSetting,
  revalidate: () => ["/admin/settings", "/today", "/prescribing"],
});
