"use server";

import { defineAction, type ActionState } from "@/server/action";
import { updateSetting } from "@/server/settings";
import { UpdateSettingInput } from "@/server/settings.input";

const update = defineAction({
  name: "setting.update",
  permission: "setting.manage",
  input: UpdateSettingInput,
  run: updateSetting,
  revalidate: () => ["/admin/settings", "/today", "/prescribing"],
});

export async function updateSettingAction(previous: ActionState, form: FormData) {
  return update(previous, form);
}
