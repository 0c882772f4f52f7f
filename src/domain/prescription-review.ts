import { addLocalDays, clinicDate, compareSessions, latestOpenedSession, nextSession, type LocalDate, type SessionKey, type SessionWindows } from "./clinic-time";
import { checkInOpensAt, type DoseTiming } from "./dose-session";
import { formatLocalDate } from "./format";

/**
 * A prescription is in force until a prescriber reviews it (issue 15, finding 7). Each has a
 * review-by date, by default `reviewDays` after its start; past that date the next doses are
 * under a soft hold (a nurse doses only with a reason), and past a grace period under a hard
 * hold (no dose until a prescriber writes a new prescription). The ceiling for `reviewDays` is
 * 28: a Schedule 2 prescription is valid for 28 days (Misuse of Drugs Regulations 2001 and
 * Human Medicines Regulations 2012 reg. 217).
 */
export type PrescriptionReview = {
  /** Days from a prescription's start to its review-by date, by default and at most. */
  reviewDays: number;
  /** Days past the review-by date before the soft hold becomes a hard one. */
  graceDays: number;
};

export const DEFAULT_PRESCRIPTION_REVIEW: PrescriptionReview = { reviewDays: 28, graceDays: 7 };

export type ReviewState =
  | { state: "IN_DATE"; reviewBy: LocalDate }
  | { state: "REVIEW_DUE"; reviewBy: LocalDate; hardFrom: LocalDate }
  | { state: "LAPSED"; reviewBy: LocalDate };

/** Where a prescription stands on a clinic day: in date up to and including its review-by date. */
export function reviewState(reviewBy: LocalDate, today: LocalDate, policy: PrescriptionReview): ReviewState {
  if (today <= reviewBy) return { state: "IN_DATE", reviewBy };
  const hardFrom = addLocalDays(reviewBy, policy.graceDays + 1);
  if (today < hardFrom) return { state: "REVIEW_DUE", reviewBy, hardFrom };
  return { state: "LAPSED", reviewBy };
}

/** The hold a review state puts on the next dose, or null while in date. */
export function reviewHold(review: ReviewState): { kind: "SOFT" | "HARD"; reason: string } | null {
  switch (review.state) {
    case "IN_DATE":
      return null;
    case "REVIEW_DUE":
      return {
        kind: "SOFT",
        reason: `Prescription review was due by ${formatLocalDate(review.reviewBy)}: a prescriber reviews it before ${formatLocalDate(review.hardFrom)}, when it lapses.`,
      };
    case "LAPSED":
      return { kind: "HARD", reason: `Prescription lapsed: its review was due by ${formatLocalDate(review.reviewBy)}. A prescriber writes a new one before the next dose.` };
  }
}

/** The latest review-by date a prescription starting on `startDate` may have (and its default). */
export function latestReviewBy(startDate: LocalDate, policy: PrescriptionReview): LocalDate {
  return addLocalDays(startDate, policy.reviewDays);
}

/** A chosen review-by date, or why it cannot be: on or after the start, and no later than the clinic's interval allows. */
export function checkReviewBy(reviewBy: LocalDate, startDate: LocalDate, policy: PrescriptionReview): { ok: true } | { ok: false; reason: string } {
  if (reviewBy < startDate) return { ok: false, reason: `The review date cannot be before the prescription starts (${formatLocalDate(startDate)}).` };
  const latest = latestReviewBy(startDate, policy);
  if (reviewBy > latest) {
    return { ok: false, reason: `A prescription is reviewed within ${policy.reviewDays} days: by ${formatLocalDate(latest)} at the latest.` };
  }
  return { ok: true };
}

/**
 * The sessions a new prescription may start from: now, or one of the next few sessions
 * whose check-in has not opened yet. A prescription for a later session takes effect when
 * that session's check-in opens, so it never changes the session being worked.
 */
export function laterSessionStarts(now: Date, windows: SessionWindows, timing: Pick<DoseTiming, "checkInOpensMinutesBefore">, count = 4): { session: SessionKey; startsAt: Date }[] {
  const starts: { session: SessionKey; startsAt: Date }[] = [];
  for (let session = latestOpenedSession(now, windows); starts.length < count; session = nextSession(session)) {
    const startsAt = checkInOpensAt(session, windows, timing);
    if (startsAt > now) starts.push({ session, startsAt });
  }
  return starts;
}

/** When a prescription starts: now, or the chosen later session, which must be one of `laterSessionStarts`. */
export function prescriptionStart(
  chosen: SessionKey | null,
  now: Date,
  windows: SessionWindows,
  timing: Pick<DoseTiming, "checkInOpensMinutesBefore">,
): { ok: true; startsAt: Date; startDate: LocalDate } | { ok: false; reason: string } {
  if (chosen === null) return { ok: true, startsAt: now, startDate: clinicDate(now) };
  const later = laterSessionStarts(now, windows, timing).find((s) => compareSessions(s.session, chosen) === 0);
  if (!later) return { ok: false, reason: "Start now, or at one of the next sessions whose check-in has not opened yet." };
  return { ok: true, startsAt: later.startsAt, startDate: later.session.date };
}
