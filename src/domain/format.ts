import { tz } from "@date-fns/tz";
import { format } from "date-fns";
import { CLINIC_TIME_ZONE } from "./clinic-time";

/** "Mon 22 Nov, 08:14" in the clinic's zone. */
export function formatClinicDateTime(instant: Date, zone = CLINIC_TIME_ZONE): string {
  return format(instant, "EEE d MMM, HH:mm", { in: tz(zone) });
}

/** "2026-11-22 08:14:05" in the clinic's zone, for exports. */
export function formatClinicTimestamp(instant: Date, zone = CLINIC_TIME_ZONE): string {
  return format(instant, "yyyy-MM-dd HH:mm:ss", { in: tz(zone) });
}

/** "Mon 22 Nov 2026" for a local date "yyyy-MM-dd". */
export function formatLocalDate(date: string): string {
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
