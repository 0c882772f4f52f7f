import { formatTime } from "./format";
import { DOSE_STEP_LABEL } from "./labels";

/**
 * Triage on Today: which group each card is in (the filters and their counts, and the
 * finished cards folded to the end), the name/reference search, and the short step log.
 * Asked by the page for every card; the filter bar counts what it is given.
 */

export const TRIAGE_GROUPS = ["WAITING", "IN_PROGRESS", "OBSERVING", "ON_HOLD", "FINISHED"] as const;
export type TriageGroup = (typeof TRIAGE_GROUPS)[number];

export const TRIAGE_GROUP_LABEL: Record<TriageGroup, string> = {
  WAITING: "Waiting",
  IN_PROGRESS: "In progress",
  OBSERVING: "Observing",
  ON_HOLD: "On hold",
  FINISHED: "Finished",
};

/** The card's status on Today (BoardStatus), as the read model gives it. */
export type TriageStatus = "WAITING" | "CHECKED_IN" | "ASSESSED" | "DRAWN" | "OBSERVING" | "SIGNED_OFF" | "WITHHELD" | "DECLINED" | "MISSED";

/** Nothing more happens for this person at this session: given (in full or part), withheld, declined or missed. */
const FINISHED: readonly TriageStatus[] = ["SIGNED_OFF", "WITHHELD", "DECLINED", "MISSED"];

/**
 * One group per card. Finished first: a hold placed afterwards changes nothing at this
 * session. Someone under observation stays "Observing" whatever is placed after the dose,
 * because watching them is what the floor owes them now. A hard hold stops everything
 * else (a dose drawn before it needs a prescriber), so it is "On hold" wherever they are.
 * A soft hold does not stop a dose (the nurse gives a reason), so it does not move the card.
 */
export function triageGroup(card: { status: TriageStatus; hardHold: boolean }): TriageGroup {
  if (FINISHED.includes(card.status)) return "FINISHED";
  if (card.status === "OBSERVING") return "OBSERVING";
  if (card.hardHold) return "ON_HOLD";
  if (card.status === "WAITING") return "WAITING";
  return "IN_PROGRESS";
}

/**
 * A finished card stays where it was for a couple of minutes, so the nurse who finished it
 * reads the answer on it (and a colleague sees it go), then folds into the finished cards
 * at the end of the list.
 */
export const FOLD_FINISHED_AFTER_MINUTES = 2;

/** Whether a card is folded away with the finished cards at this moment. */
export function isFolded(card: { group: TriageGroup; lastStepAt: Date | null }, now: Date): boolean {
  if (card.group !== "FINISHED") return false;
  return card.lastStepAt === null || now.getTime() - card.lastStepAt.getTime() >= FOLD_FINISHED_AFTER_MINUTES * 60_000;
}

/** Lower case, accents and punctuation away, so "O'Brien", "obrien" and "Zoë" find who they should. */
function normalise(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, "");
}

/**
 * Whether a card matches what was typed in the search box: every word typed is found in the
 * name or the reference ("sam", "jones sam", "HAT-0012", "12"). Nothing typed matches everyone.
 */
export function matchesSearch(query: string, card: { name: string; reference: string }): boolean {
  const words = normalise(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = `${normalise(card.name)} ${normalise(card.reference)}`;
  return words.every((word) => haystack.includes(word));
}

export type LoggedStep = { step: keyof typeof DOSE_STEP_LABEL; at: Date; by: string; witness: string | null };

/**
 * About two lines of a card at a tablet's width (a card is about 60 characters wide there):
 * the oldest steps give way first, so the most recent always shows, last.
 */
export const STEP_LOG_CHARACTERS = 110;
const SEPARATOR = " · ";

/** "08:02 checked in by Sam Nurse", "08:10 dose drawn by Sam Nurse, witnessed by Tom Reilly". */
export function stepLogEntry(step: LoggedStep): string {
  const label = DOSE_STEP_LABEL[step.step];
  const what = `${label.charAt(0).toLowerCase()}${label.slice(1)}`;
  return `${formatTime(step.at)} ${what} by ${step.by}${step.witness ? `, witnessed by ${step.witness}` : ""}`;
}

/**
 * The steps of this session, oldest first, as many of the most recent as fit the card's two
 * lines (the latest always), and how many earlier ones were left out.
 */
export function stepLog(steps: readonly LoggedStep[], characters = STEP_LOG_CHARACTERS): { entries: string[]; earlier: number } {
  const entries: string[] = [];
  let used = 0;
  for (const step of [...steps].reverse()) {
    const entry = stepLogEntry(step);
    const length = entry.length + (entries.length > 0 ? SEPARATOR.length : 0);
    if (entries.length > 0 && used + length > characters) break;
    entries.unshift(entry);
    used += length;
  }
  return { entries, earlier: steps.length - entries.length };
}
