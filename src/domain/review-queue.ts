import { localDaysBetween, type LocalDate, type SessionKey } from "./clinic-time";
import { reviewState, type PrescriptionReview } from "./prescription-review";

/**
 * The prescriber's queue, most urgent first (issue 18, finding 5: it was sorted by reference).
 * One entry per person, with every reason they are waiting, most urgent first. The order of
 * reasons, and why:
 *
 * 1. A late dose waiting for authorisation: the person is at the clinic now, and the
 *    authorisation expires with the late-dose window (earliest expiry first).
 * 2. A hard hold: no dose at all until a prescriber reviews (waiting longest first). An
 *    overdose or naloxone puts one, so the gravest adverse events arrive here.
 * 3. A review overdue: the doses are under a soft hold, then a hard one when it lapses
 *    (most days overdue first, so the lapsed lead).
 * 4. No prescription yet in an open episode: the person cannot start.
 * 5. A prescription above a limit the clinic has since lowered: a soft hold (longest first).
 * 6. A review due today, then within the week's notice (soonest first).
 * 7. A titration running: the stable dose is recorded when it is reached (longest first).
 *
 * Equally urgent people are listed by name, then reference.
 */
export type QueueReason =
  | { kind: "LATE_DOSE"; session: SessionKey; until: Date }
  | { kind: "HARD_HOLD"; holdId: string; reason: string; since: Date }
  | { kind: "REVIEW_OVERDUE"; reviewBy: LocalDate; daysOverdue: number; hardFrom: LocalDate | null }
  | { kind: "NO_PRESCRIPTION" }
  | { kind: "LIMIT_HOLD"; holdId: string; reason: string; since: Date }
  | { kind: "REVIEW_DUE"; reviewBy: LocalDate; daysLeft: number }
  | { kind: "TITRATING"; since: Date };

export type QueuePerson = { participantId: string; name: string; reference: string };
export type QueueItem = QueuePerson & { reason: QueueReason };
export type QueueEntry = QueuePerson & { reasons: QueueReason[] };

/** Days of notice before a review date, so the review can be booked in. */
export const REVIEW_NOTICE_DAYS = 7;

const TIER: Record<QueueReason["kind"], number> = {
  LATE_DOSE: 0,
  HARD_HOLD: 1,
  REVIEW_OVERDUE: 2,
  NO_PRESCRIPTION: 3,
  LIMIT_HOLD: 4,
  REVIEW_DUE: 5,
  TITRATING: 6,
};

/** Within one kind: the smaller number is the more urgent. */
function withinKind(reason: QueueReason): number {
  switch (reason.kind) {
    case "LATE_DOSE":
      return reason.until.getTime();
    case "HARD_HOLD":
    case "LIMIT_HOLD":
    case "TITRATING":
      return reason.since.getTime();
    case "REVIEW_OVERDUE":
      return -reason.daysOverdue;
    case "REVIEW_DUE":
      return reason.daysLeft;
    case "NO_PRESCRIPTION":
      return 0;
  }
}

/** Negative when `a` is more urgent than `b`. */
export function compareReasons(a: QueueReason, b: QueueReason): number {
  return TIER[a.kind] - TIER[b.kind] || withinKind(a) - withinKind(b);
}

function compareEntries(a: QueueEntry, b: QueueEntry): number {
  for (const [i, reason] of a.reasons.entries()) {
    const other = b.reasons[i];
    if (!other) break;
    const order = compareReasons(reason, other);
    if (order !== 0) return order;
  }
  // More reasons to look at, sooner.
  return b.reasons.length - a.reasons.length || a.name.localeCompare(b.name, "en-GB") || a.reference.localeCompare(b.reference, "en-GB");
}

/** The queue: each person once, with their reasons, most urgent person and reason first. */
export function urgencyOrder(items: QueueItem[]): QueueEntry[] {
  const byPerson = new Map<string, QueueEntry>();
  for (const { reason, ...person } of items) {
    const entry = byPerson.get(person.participantId) ?? { ...person, reasons: [] };
    entry.reasons.push(reason);
    byPerson.set(person.participantId, entry);
  }
  const entries = [...byPerson.values()].map((e) => ({ ...e, reasons: [...e.reasons].sort(compareReasons) }));
  return entries.sort(compareEntries);
}

/** Where a prescription's review puts its person in the queue: overdue, due within the notice, or not yet (null). */
export function reviewReason(reviewBy: LocalDate, today: LocalDate, policy: PrescriptionReview): QueueReason | null {
  const review = reviewState(reviewBy, today, policy);
  if (review.state !== "IN_DATE") {
    return { kind: "REVIEW_OVERDUE", reviewBy, daysOverdue: localDaysBetween(reviewBy, today), hardFrom: review.state === "REVIEW_DUE" ? review.hardFrom : null };
  }
  const daysLeft = localDaysBetween(today, reviewBy);
  return daysLeft <= REVIEW_NOTICE_DAYS ? { kind: "REVIEW_DUE", reviewBy, daysLeft } : null;
}

const days = (n: number) => `${n} ${n === 1 ? "day" : "days"}`;

/** The reason's headline, as the queue shows it. */
export function reasonHeadline(reason: QueueReason): string {
  switch (reason.kind) {
    case "LATE_DOSE":
      return `Late ${reason.session.slot} dose waiting for authorisation`;
    case "HARD_HOLD":
      return "Hard hold";
    case "REVIEW_OVERDUE":
      return `Review overdue ${days(reason.daysOverdue)}${reason.hardFrom === null ? ": lapsed" : ""}`;
    case "NO_PRESCRIPTION":
      return "Needs a first prescription";
    case "LIMIT_HOLD":
      return "Above a lowered dose limit";
    case "REVIEW_DUE":
      return reason.daysLeft === 0 ? "Review due today" : reason.daysLeft === 1 ? "Review due tomorrow" : `Review due in ${days(reason.daysLeft)}`;
    case "TITRATING":
      return "Titrating";
  }
}
