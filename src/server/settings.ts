import "server-only";
import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import type { Actor } from "@/auth/actor";
import type { Tx } from "@/db/client";
import { isLocalTime } from "@/domain/clinic-time";
import { MAX_ORAL_MG_PER_DAY, validateDoseLimits, validateOralLimits } from "@/domain/dosing-limits";
import { DEFAULT_SETTINGS, type ClinicSettings, type SettingKey } from "@/domain/settings";
import { audit } from "./audit";
import { RuleError } from "./errors";
import { log } from "./log";

const count = (max: number) => z.coerce.number({ error: "Enter a number." }).int("Use a whole number.").min(0, "Cannot be negative.").max(max, `At most ${max}.`);
const oralLimit = z.object({ softDailyMg: count(MAX_ORAL_MG_PER_DAY), hardDailyMg: count(MAX_ORAL_MG_PER_DAY) });
const window = z.object({ opens: z.string().refine(isLocalTime, "Use HH:mm."), closes: z.string().refine(isLocalTime, "Use HH:mm.") });

/** How each setting is validated: the same schema guards what admins type and what is read back. */
export const SETTING_SCHEMAS = {
  capacity: count(500).min(1, "At least 1 place."),
  eligibility: z.object({
    minAgeYears: count(100),
    minYearsDependent: count(60),
    minFailedTreatments: count(20),
    minInjectingDaysLast90: count(90),
  }),
  sessionWindows: z
    .object({ AM: window, PM: window })
    .refine((w) => w.AM.opens < w.AM.closes && w.AM.closes <= w.PM.opens && w.PM.opens < w.PM.closes, "Windows must be in order: AM opens, AM closes, PM opens, PM closes."),
  doseLimits: z
    .object({
      maxSingleMg: count(2000),
      maxDailyMg: count(4000),
      maxIncreasePercent: count(1000),
      inductionFirstDoseMg: count(2000),
      inductionLaterDoseMg: count(2000),
    })
    .superRefine((limits, ctx) => {
      for (const message of validateDoseLimits(limits)) ctx.addIssue({ code: "custom", message });
    }),
  oralLimits: z
    .object({ METHADONE: oralLimit, SLOW_RELEASE_ORAL_MORPHINE: oralLimit })
    .superRefine((limits, ctx) => {
      for (const message of validateOralLimits(limits)) ctx.addIssue({ code: "custom", message });
    }),
  prescriptionReviewDays: count(365).min(1, "At least 1 day."),
  assessmentPolicy: z.object({
    maxSedationScore: count(4),
    breathAlcoholWithholdMgPerL: z.coerce.number({ error: "Enter a number." }).min(0, "Cannot be negative.").max(2, "At most 2 mg/L."),
    minSpo2: count(100),
  }),
  minHoursBetweenDoses: count(12),
  observationMinutes: count(240),
  doseTiming: z.object({
    checkInOpensMinutesBefore: count(240),
    assessmentValidMinutes: count(240).min(5, "At least 5 minutes."),
    lateDoseMinutes: count(1440),
    manualCloseDays: count(14),
    observationAfterOverdoseMinutes: count(240).min(30, "At least 30 minutes: naloxone wears off sooner than diamorphine."),
  }),
  missedDosePolicy: z.object({
    consecutiveDaysWithoutDoseForHardHold: count(14).min(1, "At least 1 day."),
    holdOnAnyMissDuringInduction: z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean({ error: "Choose yes or no." })),
  }),
  restartSharePercent: count(100).min(10, "At least 10%."),
  // Below 2 a group of one would be shown: de-identification cannot be switched off.
  smallGroupThreshold: count(50).min(2, "At least 2: a group of one is never shown."),
} satisfies { [K in SettingKey]: z.ZodType<ClinicSettings[K]> };

/** The site's settings: stored values where valid, defaults elsewhere. */
export async function siteSettings(tx: Tx, siteId: string): Promise<ClinicSettings> {
  const rows = await tx.setting.findMany({ where: { siteId } });
  const settings: ClinicSettings = structuredClone(DEFAULT_SETTINGS);
  for (const row of rows) {
    if (!(row.key in SETTING_SCHEMAS)) continue;
    const key = row.key as SettingKey;
    const parsed = SETTING_SCHEMAS[key].safeParse(row.value);
    if (parsed.success) (settings as Record<SettingKey, unknown>)[key] = parsed.data;
    else log.error({ siteId, setting: key }, "invalid stored setting ignored");
  }
  return settings;
}

export const SETTING_KEYS = Object.keys(SETTING_SCHEMAS) as SettingKey[];

/** Changes one setting for the actor's site, recording who, the old and new value, and why. */
export async function updateSetting(tx: Tx, actor: Actor, input: { key: SettingKey; value: unknown; reason: string }) {
  const parsed = SETTING_SCHEMAS[input.key].safeParse(input.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = ["value", ...(issue?.path ?? [])].join(".");
    throw new RuleError("setting.invalid", `${issue?.message ?? "Not a valid value."} Nothing was changed.`, { [field]: issue?.message ?? "Not valid." });
  }
  const before = (await siteSettings(tx, actor.siteId))[input.key];
  const value = parsed.data as Prisma.InputJsonValue;
  const row = await tx.setting.upsert({
    where: { siteId_key: { siteId: actor.siteId, key: input.key } },
    create: { siteId: actor.siteId, key: input.key, value, updatedById: actor.userId },
    update: { value, updatedById: actor.userId },
  });
  await audit(tx, actor, {
    action: "setting.update",
    entity: "Setting",
    entityId: row.id,
    summary: { key: input.key, before: before as Prisma.InputJsonValue, after: value },
    reason: input.reason,
  });
  return { key: input.key };
}
