import { clinicDate } from "./clinic-time";

/**
 * Induction and titration are dated phases of an episode, not a tick box (issue 15).
 *
 * - The **induction day** is the London calendar day of the first dose of the episode: the
 *   induction limits (Swiss Diaphin label: first dose ≤ 15 mg, further doses ≤ 30 mg) apply
 *   to every prescription that takes effect before that first dose or on that day, however
 *   many times it is re-written.
 * - The **titration** runs from the episode's first prescription, or from a restart after a
 *   tolerance hold, until a prescriber records a stable dose, or at most `titrationDays`
 *   days. While titrating, any missed session puts a hard hold (DOMAIN.md: "During
 *   induction/titration, any missed session → prescriber review before the next dose").
 */

/** Days a titration lasts at most when no stable dose is recorded. */
export const DEFAULT_TITRATION_DAYS = 14;

export type TitrationState = {
  /** When the current titration began; null before the first prescription. */
  titrationFrom: Date | null;
  /** When a prescriber recorded a stable dose; null while titrating. */
  stableFrom: Date | null;
};

/**
 * Whether a prescription taking effect at `startsAt` is written for the induction day: no dose
 * has been given in the episode yet, or the first one was given on the same London date.
 */
export function isInductionDay(firstDoseAt: Date | null, startsAt: Date): boolean {
  return firstDoseAt === null || clinicDate(firstDoseAt) === clinicDate(startsAt);
}

/** Whether the episode is still titrating at `at`: no stable dose recorded, and the titration not yet run its course. */
export function isTitrating(state: TitrationState, at: Date, titrationDays: number): boolean {
  if (state.stableFrom !== null && state.stableFrom <= at) return false;
  if (state.titrationFrom === null) return true;
  return at.getTime() < state.titrationFrom.getTime() + titrationDays * 86_400_000;
}

/** Why a prescription cannot be marked stable, or null: a titration must have begun before it can end. */
export function stableDoseRefusal(prescription: { first: boolean; restart: boolean; stableDose: boolean }): string | null {
  if (!prescription.stableDose) return null;
  if (prescription.first) return "A first prescription starts the titration: record the stable dose on a later one.";
  if (prescription.restart) return "A restart after a tolerance hold starts a new titration: record the stable dose on a later one.";
  return null;
}

/**
 * How a new prescription moves the phase: the first prescription of an episode, or a
 * restart after a tolerance hold, starts a titration (and forgets any stable dose); a
 * prescription the prescriber marks stable ends it; anything else leaves it as it is.
 */
export function titrationAfter(
  state: TitrationState,
  prescription: { startsAt: Date; first: boolean; restart: boolean; stableDose: boolean },
): TitrationState {
  const starts = prescription.first || prescription.restart;
  const titrationFrom = starts ? prescription.startsAt : state.titrationFrom;
  const stableFrom = prescription.stableDose ? prescription.startsAt : starts ? null : state.stableFrom;
  return { titrationFrom, stableFrom };
}
