import { TZDate, tz } from "@date-fns/tz";
import { format } from "date-fns";

/**
 * Clinic time. Sessions, "today" and reports are in the clinic's zone (Europe/London),
 * whatever zone the server runs in. A session is keyed by its local date and slot, so a
 * DST change can neither lose nor double one: every local day has one AM and one PM.
 */
export const CLINIC_TIME_ZONE = "Europe/London";

/** A calendar date in the clinic's zone, "yyyy-MM-dd". */
export type LocalDate = string;
export type SessionSlot = "AM" | "PM";
export const SESSION_SLOTS: readonly SessionSlot[] = ["AM", "PM"];

/** Local wall-clock times, "HH:mm". */
export type SessionWindows = Record<SessionSlot, { opens: string; closes: string }>;

export const DEFAULT_SESSION_WINDOWS: SessionWindows = {
  AM: { opens: "08:00", closes: "11:00" },
  PM: { opens: "15:00", closes: "18:00" },
};

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isLocalDate(value: string): boolean {
  const match = LOCAL_DATE.exec(value);
  // Year 0000 parses in JavaScript (1 BC), but PostgreSQL's date has no year 0 and refuses it.
  if (!match || match[1] === "0000") return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

export function isLocalTime(value: string): boolean {
  return LOCAL_TIME.test(value);
}

/** The clinic's calendar date at an instant. */
export function clinicDate(instant: Date, zone = CLINIC_TIME_ZONE): LocalDate {
  return format(instant, "yyyy-MM-dd", { in: tz(zone) });
}

/**
 * Instants already worked out, by zone, date and time. The Today board asks for the same few
 * session times for every card, and each answer costs several time-zone lookups (the board's
 * largest cost with sixty cards: `npm run bench:http`). Bounded: emptied when full.
 */
const knownInstants = new Map<string, number>();
const KNOWN_INSTANTS_MAX = 2000;

/** The instant at which the clinic's wall clock shows `time` on `date`. */
export function clinicInstant(date: LocalDate, time: string, zone = CLINIC_TIME_ZONE): Date {
  const key = `${zone} ${date} ${time}`;
  const known = knownInstants.get(key);
  if (known !== undefined) return new Date(known);
  const d = LOCAL_DATE.exec(date);
  const t = LOCAL_TIME.exec(time);
  if (!d || !t) throw new RangeError(`Not a local date and time: ${date} ${time}`);
  const instant = new TZDate(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]), zone).getTime();
  if (knownInstants.size >= KNOWN_INSTANTS_MAX) knownInstants.clear();
  knownInstants.set(key, instant);
  return new Date(instant);
}

/** Answers already worked out, bounded (emptied when full): a value computed once per key, as `clinicInstant`'s. */
function remembered<T>(max: number): (key: string, work: () => T) => T {
  const known = new Map<string, T>();
  return (key, work) => {
    const found = known.get(key);
    if (found !== undefined) return found;
    const value = work();
    if (known.size >= max) known.clear();
    known.set(key, value);
    return value;
  };
}

/**
 * Date arithmetic the board repeats for every episode, site and adjacent period end (its
 * largest cost in JavaScript, `npm run bench`, "board page released").
 */
const knownDates = { addDays: remembered<LocalDate>(20_000), addMonths: remembered<LocalDate>(20_000), daysBetween: remembered<number>(20_000) };

/** Whole calendar days, independent of DST (date-only arithmetic). */
export function addLocalDays(date: LocalDate, days: number): LocalDate {
  return knownDates.addDays(`${date} ${days}`, () => {
    const utc = new Date(`${date}T00:00:00Z`);
    utc.setUTCDate(utc.getUTCDate() + days);
    return utc.toISOString().slice(0, 10);
  });
}

/**
 * Whole calendar months; a day the target month lacks becomes its last day
 * (31 Aug + 6 months = 28 or 29 Feb), so a schedule never skips a month.
 */
export function addLocalMonths(date: LocalDate, months: number): LocalDate {
  return knownDates.addMonths(`${date} ${months}`, () => {
    const [year, month, day] = date.split("-").map(Number) as [number, number, number];
    const target = new Date(Date.UTC(year, month - 1 + months, 1));
    const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
    target.setUTCDate(Math.min(day, lastDay));
    return target.toISOString().slice(0, 10);
  });
}

/**
 * How a period splits into calendar months wholly inside it and the part-months at either
 * end: `whole` is the first days of the first and last whole months (null when none), and
 * `partial` the date ranges left over, oldest first.
 */
export function splitIntoMonths(from: LocalDate, to: LocalDate): { whole: { first: LocalDate; last: LocalDate } | null; partial: [LocalDate, LocalDate][] } {
  if (from > to) return { whole: null, partial: [] };
  const firstWhole = from.endsWith("-01") ? from : `${addLocalMonths(from, 1).slice(0, 7)}-01`;
  const lastWhole = addLocalDays(to, 1).endsWith("-01") ? `${to.slice(0, 7)}-01` : `${addLocalMonths(to, -1).slice(0, 7)}-01`;
  if (firstWhole > lastWhole) return { whole: null, partial: [[from, to]] };
  const partial: [LocalDate, LocalDate][] = [];
  if (from < firstWhole) partial.push([from, addLocalDays(firstWhole, -1)]);
  const afterWhole = `${addLocalMonths(lastWhole, 1).slice(0, 7)}-01`;
  if (afterWhole <= to) partial.push([afterWhole, to]);
  return { whole: { first: firstWhole, last: lastWhole }, partial };
}

/** Days from `from` to `to` (positive when `to` is later). */
export function localDaysBetween(from: LocalDate, to: LocalDate): number {
  return knownDates.daysBetween(`${from} ${to}`, () => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000));
}

/** PostgreSQL `date` columns travel through Prisma as a Date at UTC midnight. */
export function localDateToDb(date: LocalDate): Date {
  return new Date(`${date}T00:00:00Z`);
}

export function dbDateToLocal(value: Date): LocalDate {
  return value.toISOString().slice(0, 10);
}

export type SessionKey = { date: LocalDate; slot: SessionSlot };

export function sessionWindow(
  session: SessionKey,
  windows: SessionWindows = DEFAULT_SESSION_WINDOWS,
  zone = CLINIC_TIME_ZONE,
): { opensAt: Date; closesAt: Date } {
  const w = windows[session.slot];
  return { opensAt: clinicInstant(session.date, w.opens, zone), closesAt: clinicInstant(session.date, w.closes, zone) };
}

/** The session whose window contains the instant, if any. */
export function openSessionAt(
  instant: Date,
  windows: SessionWindows = DEFAULT_SESSION_WINDOWS,
  zone = CLINIC_TIME_ZONE,
): SessionKey | null {
  const date = clinicDate(instant, zone);
  for (const slot of SESSION_SLOTS) {
    const { opensAt, closesAt } = sessionWindow({ date, slot }, windows, zone);
    if (instant >= opensAt && instant < closesAt) return { date, slot };
  }
  return null;
}

/** The session after this one: PM the same day, or AM the next. */
export function nextSession(session: SessionKey): SessionKey {
  return session.slot === "AM" ? { date: session.date, slot: "PM" } : { date: addLocalDays(session.date, 1), slot: "AM" };
}

/** The session before this one: AM the same day, or PM the day before. */
export function previousSession(session: SessionKey): SessionKey {
  return session.slot === "PM" ? { date: session.date, slot: "AM" } : { date: addLocalDays(session.date, -1), slot: "PM" };
}

/**
 * The latest session whose window has opened by the instant (it may have closed since).
 * A session stays workable until the next one opens: that is how long a late dose may
 * still be authorised (see checkWindow), so it is also when an unclosed session is over.
 */
export function latestOpenedSession(
  instant: Date,
  windows: SessionWindows = DEFAULT_SESSION_WINDOWS,
  zone = CLINIC_TIME_ZONE,
): SessionKey {
  const date = clinicDate(instant, zone);
  for (const slot of ["PM", "AM"] as const) {
    if (instant >= sessionWindow({ date, slot }, windows, zone).opensAt) return { date, slot };
  }
  return { date: addLocalDays(date, -1), slot: "PM" };
}

/** Sessions from `from` to `to` inclusive, in order: two per local day. */
export function sessionsBetween(from: LocalDate, to: LocalDate): SessionKey[] {
  const sessions: SessionKey[] = [];
  for (let date = from; date <= to; date = addLocalDays(date, 1)) {
    for (const slot of SESSION_SLOTS) sessions.push({ date, slot });
  }
  return sessions;
}

export function compareSessions(a: SessionKey, b: SessionKey): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  return a.slot === b.slot ? 0 : a.slot === "AM" ? -1 : 1;
}
