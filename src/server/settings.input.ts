import { z } from "zod";
import { DEFAULT_SETTINGS, type SettingKey } from "@/domain/settings";
import { text } from "./input-fields";

// Every setting there is: a list kept by hand left the board's small-group threshold unsettable.
const KEYS = Object.keys(DEFAULT_SETTINGS) as [SettingKey, ...SettingKey[]];

/**
 * A settings form posts `key`, `reason` and the value as `value` or `value.<path>` fields;
 * the value itself is checked against that setting's own schema by the service.
 */
export const UpdateSettingInput = z
  .looseObject({ key: z.enum(KEYS, { error: "Unknown setting." }), reason: text("the reason for the change", 500) })
  .transform(({ key, reason, ...fields }) => ({ key, reason, value: unflatten(fields) }));
export type UpdateSettingInput = z.output<typeof UpdateSettingInput>;

const UNSAFE = new Set(["__proto__", "prototype", "constructor"]);

function unflatten(fields: Record<string, unknown>): unknown {
  if ("value" in fields) return fields.value;
  const root: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(fields)) {
    const path = name.split(".");
    if (path[0] !== "value" || path.length < 2 || path.some((part) => UNSAFE.has(part))) continue;
    let node = root;
    for (const part of path.slice(1, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[path.at(-1)!] = v;
  }
  return root;
}
