import { isLocalDate, isLocalTime, type LocalDate } from "./clinic-time";

/**
 * Dates as staff type them: the clinic works in UK order, day/month/year, whatever the
 * browser's locale (a default Chromium shows US order in `<input type="date">`, issue 18).
 * The ISO form yyyy-mm-dd is accepted too: imports, links and older forms post it, and its
 * four-digit year first cannot be read the other way round.
 */
export const DATE_ENTRY_HINT = "dd/mm/yyyy, for example 30/11/2026";
export const DATE_TIME_ENTRY_HINT = "dd/mm/yyyy hh:mm, for example 30/11/2026 08:15";

export type DateEntry = { ok: true; date: LocalDate } | { ok: false; reason: "format" | "impossible"; message: string };

const UK_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Why day/month/year is not a date, in words a nurse can act on. */
function impossible(year: number, month: number, day: number): string {
  if (year === 0) return "There is no year 0000: check the year.";
  if (month < 1 || month > 12) return `There is no month ${month}: the month is 1 to 12.`;
  const days = daysInMonth(year, month);
  if (day < 1) return `There is no day ${day}: days start at 1.`;
  return `There is no ${day} ${MONTHS[month - 1]} ${year}: ${MONTHS[month - 1]} ${year} has ${days} days.`;
}

/** A typed date, dd/mm/yyyy (or yyyy-mm-dd), as the clinic's local date "yyyy-MM-dd". */
export function parseEnteredDate(typed: string): DateEntry {
  const text = typed.trim();
  const uk = UK_DATE.exec(text);
  const iso = uk ? null : ISO_DATE.exec(text);
  if (!uk && !iso) return { ok: false, reason: "format", message: `Use ${DATE_ENTRY_HINT}.` };
  const [year, month, day] = uk ? [Number(uk[3]), Number(uk[2]), Number(uk[1])] : [Number(iso![1]), Number(iso![2]), Number(iso![3])];
  const date = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  return isLocalDate(date) ? { ok: true, date } : { ok: false, reason: "impossible", message: impossible(year, month, day) };
}

export type DateTimeEntry = { ok: true; date: LocalDate; time: string } | { ok: false; reason: "format" | "impossible"; message: string };

/**
 * A typed date and time: "dd/mm/yyyy hh:mm" (or the ISO "yyyy-mm-ddThh:mm" a
 * datetime-local input posts), both the clinic's wall clock.
 */
export function parseEnteredDateTime(typed: string): DateTimeEntry {
  const match = /^(\S+)(?:T|\s+)(\d{1,2}:\d{2})$/.exec(typed.trim());
  if (!match) return { ok: false, reason: "format", message: `Use ${DATE_TIME_ENTRY_HINT}.` };
  const date = parseEnteredDate(match[1]!);
  if (!date.ok) return date.reason === "format" ? { ok: false, reason: "format", message: `Use ${DATE_TIME_ENTRY_HINT}.` } : date;
  const time = match[2]!.padStart(5, "0");
  if (!isLocalTime(time)) return { ok: false, reason: "impossible", message: `There is no time ${match[2]}: use the 24-hour clock, 00:00 to 23:59.` };
  return { ok: true, date: date.date, time };
}

/** "22/11/2026": a local date as the date fields show it. */
export function formatEnteredDate(date: LocalDate): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}
