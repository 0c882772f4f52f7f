import { tz } from "@date-fns/tz";
import { format } from "date-fns";
import { addLocalDays, CLINIC_TIME_ZONE, clinicInstant, localDaysBetween, type LocalDate, type SessionSlot, type SessionWindows } from "./clinic-time";
import { formatLocalDate } from "./format";

/**
 * The prescriber's dose chart (issue 18, finding 5): time on the x-axis, to scale (three weeks
 * of titration take three weeks, not one step per version), the prescribed AM and PM doses as
 * steps, and each session's outcome as a point: the dose given, a partial dose, or a dose not
 * given (missed, withheld, declined) on the axis at 0 mg. The table beside it lists the same
 * sessions.
 */

export type ChartPrescription = { startsAt: Date; amDoseMg: number; pmDoseMg: number };
export type GivenOutcome = "DOSED" | "PARTIAL" | "WITHHELD" | "DECLINED" | "MISSED";
export type ChartSession = { date: LocalDate; slot: SessionSlot; outcome: GivenOutcome; givenMg: number | null; administeredAt: Date | null };

export const GIVEN_OUTCOMES: readonly GivenOutcome[] = ["DOSED", "PARTIAL", "MISSED", "WITHHELD", "DECLINED"];

export function isGivenOutcome(outcome: string | null): outcome is GivenOutcome {
  return (GIVEN_OUTCOMES as readonly (string | null)[]).includes(outcome);
}

export const GIVEN_OUTCOME_LABEL: Record<GivenOutcome, string> = {
  DOSED: "Given",
  PARTIAL: "Partial dose",
  MISSED: "Missed",
  WITHHELD: "Withheld",
  DECLINED: "Declined",
};

/** Weeks the chart looks back at most: long enough for a titration and a review cycle. */
export const DOSE_CHART_WEEKS = 12;

export type StepPoint = { t: number; am: number; pm: number };
export type GivenPoint = { t: number; mg: number; slot: SessionSlot; outcome: GivenOutcome; label: string };
export type SessionRow = { date: LocalDate; slot: SessionSlot; prescribedMg: number | null; givenMg: number | null; outcome: GivenOutcome };
export type DoseChartData = {
  from: LocalDate;
  to: LocalDate;
  /** The x-axis: from the start of `from` to the end of `to`, in milliseconds. */
  domain: [number, number];
  ticks: { t: number; label: string }[];
  prescribed: StepPoint[];
  given: GivenPoint[];
  /** The same sessions as the points, newest first, for the table. */
  rows: SessionRow[];
};

/** The days the chart covers: the last `DOSE_CHART_WEEKS` weeks, from the first prescription if later, to a version already written for later. */
export function doseChartRange(prescriptions: ChartPrescription[], today: LocalDate, zone = CLINIC_TIME_ZONE): { from: LocalDate; to: LocalDate } | null {
  if (prescriptions.length === 0) return null;
  const starts = prescriptions.map((p) => format(p.startsAt, "yyyy-MM-dd", { in: tz(zone) })).sort();
  const earliest = addLocalDays(today, -(DOSE_CHART_WEEKS * 7 - 1));
  const first = starts[0]!;
  const last = starts[starts.length - 1]!;
  return { from: first > earliest ? first : earliest, to: last > today ? last : today };
}

/** The version in force at an instant (the latest to start at or before it), or null before the first. */
function inForceAt<T extends ChartPrescription>(ordered: T[], at: number): T | null {
  let found: T | null = null;
  for (const p of ordered) if (p.startsAt.getTime() <= at) found = p;
  return found;
}

/**
 * A tick a week (a day for a fortnight or less), labelled "9 Mar"; the year is added on the
 * first tick and where it changes, so every date on the axis can be read with its year.
 */
function dayTicks(from: LocalDate, to: LocalDate, zone: string): { t: number; label: string }[] {
  const days = localDaysBetween(from, to) + 1;
  const every = days <= 14 ? 1 : 7;
  const ticks: { t: number; label: string }[] = [];
  for (let date = from, year = ""; date <= to; year = date.slice(0, 4), date = addLocalDays(date, every)) {
    const label = format(new Date(`${date}T12:00:00Z`), date.slice(0, 4) === year ? "d MMM" : "d MMM yyyy");
    ticks.push({ t: clinicInstant(date, "00:00", zone).getTime(), label });
  }
  return ticks;
}

export function doseChartData(
  prescriptions: ChartPrescription[],
  sessions: ChartSession[],
  range: { from: LocalDate; to: LocalDate },
  windows: SessionWindows,
  zone = CLINIC_TIME_ZONE,
): DoseChartData {
  const start = clinicInstant(range.from, "00:00", zone).getTime();
  const end = clinicInstant(addLocalDays(range.to, 1), "00:00", zone).getTime() - 1;
  const ordered = [...prescriptions].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());

  const atStart = inForceAt(ordered, start);
  const steps = [
    ...(atStart ? [{ t: start, am: atStart.amDoseMg, pm: atStart.pmDoseMg }] : []),
    ...ordered.filter((p) => p.startsAt.getTime() > start && p.startsAt.getTime() <= end).map((p) => ({ t: p.startsAt.getTime(), am: p.amDoseMg, pm: p.pmDoseMg })),
  ];
  const last = steps[steps.length - 1];
  // The last step runs to the end of the axis.
  const prescribed = last && last.t < end ? [...steps, { ...last, t: end }] : steps;

  const inRange = sessions.filter((s) => s.date >= range.from && s.date <= range.to);
  const placed = inRange
    .map((s) => {
      // A dose given is placed when it was given, and checked against the prescription then; a dose not given, at the session's close.
      const at = s.administeredAt?.getTime() ?? clinicInstant(s.date, windows[s.slot].closes, zone).getTime();
      const version = inForceAt(ordered, at);
      const prescribedMg = version ? (s.slot === "AM" ? version.amDoseMg : version.pmDoseMg) : null;
      const givenMg = s.outcome === "DOSED" || s.outcome === "PARTIAL" ? s.givenMg : null;
      return { at, row: { date: s.date, slot: s.slot, prescribedMg, givenMg, outcome: s.outcome } };
    })
    .sort((a, b) => a.at - b.at);

  return {
    ...range,
    domain: [start, end],
    ticks: dayTicks(range.from, range.to, zone),
    prescribed,
    given: placed.map(({ at, row }) => ({ t: at, mg: row.givenMg ?? 0, slot: row.slot, outcome: row.outcome, label: sessionSummary(row) })),
    rows: placed.map(({ row }) => row).reverse(),
  };
}

/** "Tue 10 Mar 2026 PM: partial dose, 80 mg of 120 mg prescribed", for the chart's tooltip. */
export function sessionSummary(row: SessionRow): string {
  const prescribed = row.prescribedMg === null ? "" : ` of ${row.prescribedMg} mg prescribed`;
  const what = row.givenMg === null ? `${GIVEN_OUTCOME_LABEL[row.outcome].toLowerCase()}${row.prescribedMg === null ? "" : ` (${row.prescribedMg} mg prescribed)`}` : `${GIVEN_OUTCOME_LABEL[row.outcome].toLowerCase()}, ${row.givenMg} mg${prescribed}`;
  return `${formatLocalDate(row.date)} ${row.slot}: ${what}`;
}
