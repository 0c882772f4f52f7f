import "server-only";
import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import type { Actor } from "@/auth/actor";
import type { Tx } from "@/db/client";
import { isLocalTime } from "@/domain/clinic-time";
import { lowersHardLimit, MAX_ORAL_MG_PER_DAY, validateDoseLimits, validateOralLimits, type DoseLimits } from "@/domain/dosing-limits";
import { SAFETY_BOUNDS as BOUND, SAFETY_BOUND_MESSAGES as BEYOND } from "@/domain/safety-bounds";
import { can } from "@/auth/permissions";
import { DEFAULT_SETTINGS, isClinicalSetting, type ClinicSettings, type SettingKey } from "@/domain/settings";
import { audit } from "./audit";
import { RuleError } from "./errors";
import { holdPrescriptionsAboveLimits } from "./limit-holds";
import { log } from "./log";

const wholeNumber = () => z.coerce.number({ error: "Enter a number." }).int("Use a whole number.").min(0, "Cannot be negative.");
const count = (max: number) => wholeNumber().max(max, `At most ${max}.`);
/** A whole number no clinic may set past its safety bound, with the bound's own message. */
const atMost = (bound: keyof typeof BOUND) => wholeNumber().max(BOUND[bound], BEYOND[bound]);
const oralLimit = z.object({ softDailyMg: count(MAX_ORAL_MG_PER_DAY), hardDailyMg: count(MAX_ORAL_MG_PER_DAY) });
const window = z.object({ opens: z.string().refine(isLocalTime, "Use HH:mm."), closes: z.string().refine(isLocalTime, "Use HH:mm.") });

/**
 * How each setting is validated: the same schema guards what is typed and what is read back,
 * so a stored value beyond a safety bound (src/domain/safety-bounds.ts) is ignored like any
 * other invalid one and the default applies.
 */
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
      maxSingleMg: atMost("maxSingleMg"),
      maxDailyMg: atMost("maxDailyMg"),
      maxIncreasePercent: atMost("maxIncreasePercent"),
      // Never above the maximum single dose (validateDoseLimits), so never above its bound.
      inductionFirstDoseMg: count(BOUND.maxSingleMg),
      inductionLaterDoseMg: count(BOUND.maxSingleMg),
    })
    .superRefine((limits, ctx) => {
      for (const message of validateDoseLimits(limits)) ctx.addIssue({ code: "custom", message });
    }),
  oralLimits: z
    .object({ METHADONE: oralLimit, SLOW_RELEASE_ORAL_MORPHINE: oralLimit })
    .superRefine((limits, ctx) => {
      for (const message of validateOralLimits(limits)) ctx.addIssue({ code: "custom", message });
    }),
  prescriptionReview: z.object({
    reviewDays: atMost("maxPrescriptionReviewDays").min(1, "At least 1 day."),
    graceDays: count(14),
  }),
  titrationDays: count(90).min(1, "At least 1 day."),
  assessmentPolicy: z.object({
    maxSedationScore: atMost("maxSedationScore"),
    breathAlcoholWithholdMgPerL: z.coerce.number({ error: "Enter a number." }).min(0, "Cannot be negative.").max(2, "At most 2 mg/L."),
    minSpo2: count(100).min(BOUND.minSpo2, BEYOND.minSpo2),
  }),
  minHoursBetweenDoses: count(12).min(BOUND.minHoursBetweenDoses, BEYOND.minHoursBetweenDoses),
  observationMinutes: count(240).min(BOUND.minObservationMinutes, BEYOND.minObservationMinutes),
  doseTiming: z.object({
    checkInOpensMinutesBefore: count(240),
    assessmentValidMinutes: count(240).min(5, "At least 5 minutes."),
    lateDoseMinutes: count(1440),
    manualCloseDays: count(14),
    observationAfterOverdoseMinutes: count(240).min(30, "At least 30 minutes: naloxone wears off sooner than diamorphine."),
  }),
  missedDosePolicy: z.object({
    consecutiveDaysWithoutDoseForHardHold: atMost("maxDaysWithoutDoseBeforeHold").min(1, "At least 1 day."),
    holdOnAnyMissDuringInduction: z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean({ error: "Choose yes or no." })),
  }),
  restartSharePercent: count(100).min(10, "At least 10%."),
  // Below 2 a group of one would be shown: de-identification cannot be switched off.
  smallGroupThreshold: count(50).min(2, "At least 2: a group of one is never shown."),
  // Daily to four-weekly: counts further apart would leave a loss unnoticed for over a month.
  stockCheckIntervalDays: count(28).min(1, "At least 1 day."),
  // The catch-up looks back a fortnight: a session older than that is never waiting for back-entry.
  backEntryReachDays: count(14),
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

/**
 * Which settings this member of staff may change: clinical ones only a prescriber the clinic
 * has named clinical lead (read from the database in the caller's transaction, so a flag
 * removed a moment ago counts), operational ones only an administrator. The settings page
 * asks this to decide which forms to show; updateSetting asks it again before any change.
 */
export async function settingRights(tx: Tx, actor: Actor): Promise<{ clinical: boolean; operational: boolean }> {
  const user = await tx.user.findUnique({ where: { id: actor.userId }, select: { clinicalLead: true, role: true } });
  return {
    clinical: user !== null && can(user.role, "setting.clinical") && user.clinicalLead,
    operational: can(actor.role, "setting.manage"),
  };
}

async function assertMayChange(tx: Tx, actor: Actor, key: SettingKey) {
  const rights = await settingRights(tx, actor);
  if (isClinicalSetting(key) && !rights.clinical) {
    throw new RuleError(
      "setting.clinicalLeadRequired",
      "This is a clinical setting: a clinical lead (a prescriber the clinic has named clinical lead) must make this change. Nothing was changed.",
    );
  }
  if (!isClinicalSetting(key) && !rights.operational) {
    throw new RuleError("setting.administratorRequired", "This is an operational setting: an administrator makes this change. Nothing was changed.");
  }
}

/** Changes one setting for the actor's site, recording who, the old and new value, and why. */
export async function updateSetting(tx: Tx, actor: Actor, input: { key: SettingKey; value: unknown; reason: string }) {
  await assertMayChange(tx, actor, input.key);
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
  // A lowered hard maximum reaches the prescriptions already above it, in this transaction.
  const held =
    input.key === "doseLimits" && lowersHardLimit(before as DoseLimits, parsed.data as DoseLimits)
      ? await holdPrescriptionsAboveLimits(tx, actor, parsed.data as DoseLimits)
      : 0;
  await audit(tx, actor, {
    action: "setting.update",
    entity: "Setting",
    entityId: row.id,
    summary: { key: input.key, before: before as Prisma.InputJsonValue, after: value, ...(held > 0 ? { prescriptionsHeld: held } : {}) },
    reason: input.reason,
  });
  return { key: input.key, prescriptionsHeld: held };
}
