import { tz } from "@date-fns/tz";
import { format } from "date-fns";
import { addLocalDays, CLINIC_TIME_ZONE, clinicDate, type LocalDate } from "./clinic-time";

/**
 * Dates as the clinic reads them (Europe/London). A date without its year is read as this
 * year's: "Sun 30 Nov" meant 2025 on a review queue read in 2026 (issue 18). So a date
 * carries its year unless it falls in the clinic's current week (Monday to Sunday) and the
 * same calendar year as `now`: the week a nurse or prescriber is working in needs no year.
 * `now` is the moment the page is shown; its default is the current instant.
 */

/** Monday of the week a local date falls in (date-only arithmetic: no DST step can move it). */
export function weekStarting(date: LocalDate): LocalDate {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addLocalDays(date, -((weekday + 6) % 7));
}

/** Whether a local date can be shown without its year when read at `now`. */
export function isInCurrentWeek(date: LocalDate, now: Date, zone = CLINIC_TIME_ZONE): boolean {
  const today = clinicDate(now, zone);
  return date.slice(0, 4) === today.slice(0, 4) && weekStarting(date) === weekStarting(today);
}

/** "Mon 22 Nov, 08:14" in the current week; "Sun 30 Nov 2025, 08:14" otherwise. */
export function formatClinicDateTime(instant: Date, now: Date = new Date(), zone = CLINIC_TIME_ZONE): string {
  return isInCurrentWeek(clinicDate(instant, zone), now, zone) ? format(instant, "EEE d MMM, HH:mm", { in: tz(zone) }) : formatClinicDateTimeWithYear(instant, zone);
}

/** "Sun 30 Nov 2025, 08:14", always with the year: the controlled-drug register's dates. */
export function formatClinicDateTimeWithYear(instant: Date, zone = CLINIC_TIME_ZONE): string {
  return format(instant, "EEE d MMM yyyy, HH:mm", { in: tz(zone) });
}

/** "2026-11-22 08:14:05" in the clinic's zone, for exports. */
export function formatClinicTimestamp(instant: Date, zone = CLINIC_TIME_ZONE): string {
  return format(instant, "yyyy-MM-dd HH:mm:ss", { in: tz(zone) });
}

/** "Mon 22 Nov 2026" for a local date "yyyy-MM-dd": always with the year (a due date, an expiry, a date of birth). */
export function formatLocalDate(date: LocalDate): string {
  return format(new Date(`${date}T12:00:00Z`), "EEE d MMM yyyy");
}

export function formatTime(instant: Date, zone = CLINIC_TIME_ZONE): string {
  return format(instant, "HH:mm", { in: tz(zone) });
}

/** "08:14:05" in the clinic's zone: when a live page was last brought up to date. */
export function formatTimeWithSeconds(instant: Date, zone = CLINIC_TIME_ZONE): string {
  return format(instant, "HH:mm:ss", { in: tz(zone) });
}

/** Doses always carry their unit. */
export function formatMg(mg: number): string {
  return `${mg} mg`;
}
