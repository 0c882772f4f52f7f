import { SETTINGS_ACCESS } from "@/auth/permissions";
import { requirePermission } from "@/auth/session";
import { db } from "@/db/client";
import { SAFETY_BOUNDS } from "@/domain/safety-bounds";
import { isClinicalSetting, type SettingKey } from "@/domain/settings";
import { settingRights, siteSettings } from "@/server/settings";
import { ActionForm, Field, SelectField, TextAreaField } from "@/ui/action-form";
import { updateSettingAction } from "./actions";

export const metadata = { title: "Clinic settings" };

/** What each setting is, in the clinic's words, and the guideline behind its default. */
const SETTINGS: { key: SettingKey; title: string; help: string; labels: Record<string, string> }[] = [
  { key: "capacity", title: "Places", help: "How many people can be enrolled at once (Middlesbrough pilot: 15).", labels: { value: "Places" } },
  {
    key: "eligibility",
    title: "Eligibility criteria",
    help: "Evidence an assessment is checked against. Germany: 23 years old, 5 years dependent, 2 failed treatments. Switzerland: 18, 2, 2. RIOTT: injecting on half the days of the last 3 months.",
    labels: { minAgeYears: "Minimum age (years)", minYearsDependent: "Minimum years of dependency", minFailedTreatments: "Minimum failed earlier treatments", minInjectingDaysLast90: "Minimum injecting days in the last 90" },
  },
  {
    key: "sessionWindows",
    title: "Session windows (Europe/London)",
    help: "When each supervised session opens and closes, local time (HH:mm).",
    labels: { "AM.opens": "AM opens", "AM.closes": "AM closes", "PM.opens": "PM opens", "PM.closes": "PM closes" },
  },
  {
    key: "doseLimits",
    title: "Dose limits (IV diamorphine)",
    help: "Single and daily maxima are hard limits (RIOTT 900 mg/day; NAOMI 1000 mg). Rises over the percentage (UK NPSA 2008) and induction doses above the Diaphin label need a recorded reason.",
    labels: {
      maxSingleMg: "Maximum single dose (mg)",
      maxDailyMg: "Maximum daily dose (mg)",
      maxIncreasePercent: "Maximum rise per session (%)",
      inductionFirstDoseMg: "Induction: first dose (mg)",
      inductionLaterDoseMg: "Induction: later doses (mg)",
    },
  },
  {
    key: "oralLimits",
    title: "Oral co-prescription limits",
    help: "Methadone and slow-release oral morphine beside IV diamorphine, mg a day. Above the usual maximum a rise needs a recorded reason; the maximum is never exceeded; any rise of the oral dose needs a reason. UK Orange Book 2017: methadone usually 60–120 mg a day, specialist review above 100–120 mg. SROM (off-label in the UK) typically 500–800 mg a day.",
    labels: {
      "METHADONE.softDailyMg": "Methadone: usual maximum (mg a day)",
      "METHADONE.hardDailyMg": "Methadone: maximum (mg a day)",
      "SLOW_RELEASE_ORAL_MORPHINE.softDailyMg": "Slow-release oral morphine: usual maximum (mg a day)",
      "SLOW_RELEASE_ORAL_MORPHINE.hardDailyMg": "Slow-release oral morphine: maximum (mg a day)",
    },
  },
  {
    key: "prescriptionReview",
    title: "Prescription review",
    help: "Each prescription is reviewed by a date, by default this many days after it starts (never more than 28: a Schedule 2 prescription is valid for 28 days). Past that date the next doses are under a soft hold; past the grace period, a hard hold until a prescriber writes a new prescription.",
    labels: { reviewDays: "Review within (days)", graceDays: "Grace period before a hard hold (days)" },
  },
  {
    key: "titrationDays",
    title: "Titration",
    help: "Titration runs from the first prescription, or a restart after a tolerance hold, until a prescriber records a stable dose or this many days pass. Any missed session while titrating puts a hard hold.",
    labels: { value: "Titration lasts at most (days)" },
  },
  {
    key: "assessmentPolicy",
    title: "Pre-dose assessment",
    help: "The dose is withheld when a finding is beyond these. The sources give no single breath-alcohol figure: set the clinic's own.",
    labels: { maxSedationScore: "Highest sedation score to dose (0–4)", breathAlcoholWithholdMgPerL: "Withhold at breath alcohol (mg/L)", minSpo2: "Lowest SpO₂ to dose (%)" },
  },
  { key: "minHoursBetweenDoses", title: "Hours between doses", help: "Canadian iOAT guidance: at least 3 hours (never under 2).", labels: { value: "Hours" } },
  { key: "observationMinutes", title: "Observation after a dose", help: "Minutes under observation before leaving (default 20; Canadian iOAT guidance: at least 15).", labels: { value: "Minutes" } },
  {
    key: "doseTiming",
    title: "Dose session timing",
    help: "Check-in and the pre-dose assessment open this long before the window; an assessment older than its limit is made again before the draw; a late dose may be drawn until this long after the window closes (never once the next session opens); a past session may be closed by hand this many days back, with a reason.",
    labels: {
      checkInOpensMinutesBefore: "Check-in opens before the window (minutes)",
      assessmentValidMinutes: "Assessment valid for (minutes)",
      lateDoseMinutes: "Late dose until, after the window closes (minutes)",
      manualCloseDays: "Close a past session by hand up to (days back)",
      observationAfterOverdoseMinutes: "Observation after an overdose or naloxone (minutes)",
    },
  },
  {
    key: "missedDosePolicy",
    title: "Missed doses",
    help: "Loss of tolerance after missed doses causes overdoses (UK pharmacy specifications; Australian national guideline).",
    labels: { consecutiveDaysWithoutDoseForHardHold: "Days without a dose before a hard hold", holdOnAnyMissDuringInduction: "Hard hold on any miss during induction or titration" },
  },
  {
    key: "restartSharePercent",
    title: "Restart after a gap",
    help: "After a missed-dose hold or a return from custody, hospital or a long break, the prescribing form proposes this share of the last dose given (default 50%). Restarting at or above the last dose needs a recorded reason.",
    labels: { value: "Share of the last dose (%)" },
  },
  {
    key: "stockCheckIntervalDays",
    title: "Controlled-drug stock checks",
    help: "Every batch holding stock is counted by two people at least this often (default weekly, 7 days). The register and the board's operations view show when the next check is due and flag it when overdue.",
    labels: { value: "Count every (days)" },
  },
  {
    key: "smallGroupThreshold",
    title: "Board: smallest group shown",
    help: "On board pages and exports, groups of fewer people than this are shown as “<n” and their percentages withheld (default 3).",
    labels: { value: "Smallest group shown (people)" },
  },
  {
    key: "backEntryReachDays",
    title: "Back-entry reach",
    help: "Doses given on paper during an outage are entered afterwards from the paper sheet (Back-entry) for sessions up to this many days back (default 3, at most 14), and approved by a prescriber or the CD lead.",
    labels: { value: "Back-entry reach (days)" },
  },
];

function flatten(value: unknown, prefix = ""): [string, string | number | boolean][] {
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
  }
  return [[prefix || "value", value as string | number | boolean]];
}

const B = SAFETY_BOUNDS;
const BOUNDS_NOTE =
  `No clinic may set: a single dose above ${B.maxSingleMg} mg, a daily dose above ${B.maxDailyMg} mg, rises above ${B.maxIncreasePercent} %, ` +
  `observation under ${B.minObservationMinutes} minutes, doses under ${B.minHoursBetweenDoses} hours apart, dosing above sedation ${B.maxSedationScore} or below SpO₂ ${B.minSpo2} %, ` +
  `a hold later than ${B.maxDaysWithoutDoseBeforeHold} days without a dose, or a prescription review more than ${B.maxPrescriptionReviewDays} days away.`;

/** A setting the signed-in member of staff may read but not change. */
function ReadOnlySetting({ value, labels, who }: { value: unknown; labels: Record<string, string>; who: string }) {
  return (
    <>
      <dl className="grid grid-cols-[1fr_auto] gap-x-4 gap-y-1">
        {flatten(value).map(([path, v]) => (
          <div key={path} className="contents">
            <dt>{labels[path] ?? path}</dt>
            <dd className="font-medium">{typeof v === "boolean" ? (v ? "Yes" : "No") : String(v)}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-2 text-sm text-slate-700">{who}</p>
    </>
  );
}

export default async function SettingsPage() {
  const actor = await requirePermission(SETTINGS_ACCESS);
  const [settings, rights] = await Promise.all([siteSettings(db(), actor.siteId), settingRights(db(), actor)]);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Clinic settings</h1>
      <p>Every change is recorded in the audit trail with the old value, the new value and your reason.</p>
      <p>
        Clinical settings are changed by a clinical lead (a prescriber the administrator has named as such); operational ones (places, session windows, the board&apos;s smallest
        group, how often stock is counted) by an administrator. {BOUNDS_NOTE}
      </p>
      <div className="grid gap-4 lg:grid-cols-2">
        {SETTINGS.map(({ key, title, help, labels }) => (
          <section key={key} aria-label={title} className="rounded border border-slate-300 bg-white p-4">
            <h2 className="text-lg font-semibold">{title}</h2>
            <p className="mb-3 text-sm text-slate-700">{help}</p>
            {!(isClinicalSetting(key) ? rights.clinical : rights.operational) ? (
              <ReadOnlySetting value={settings[key]} labels={labels} who={isClinicalSetting(key) ? "A clinical lead changes this setting." : "An administrator changes this setting."} />
            ) : (
              <ActionForm action={updateSettingAction} submitLabel={`Save ${title.toLowerCase()}`} successMessage="Saved.">
                <input type="hidden" name="key" value={key} />
                {flatten(settings[key]).map(([path, value]) => {
                  const name = path === "value" ? "value" : `value.${path}`;
                  const label = labels[path] ?? path;
                  return typeof value === "boolean" ? (
                    <SelectField key={path} name={name} label={label} defaultValue={String(value)} options={[{ value: "true", label: "Yes" }, { value: "false", label: "No" }]} />
                  ) : (
                    <Field key={path} name={name} label={label} defaultValue={value} inputMode={typeof value === "number" ? "decimal" : "text"} />
                  );
                })}
                <TextAreaField name="reason" label="Reason for the change" />
              </ActionForm>
            )}
          </section>
        ))}
      </div>
    </div>
  );
}
