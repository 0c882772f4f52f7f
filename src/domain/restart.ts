import { formatMg } from "./format";
import type { LimitBreach, SessionDoses } from "./dosing-limits";

/**
 * Restarting after a gap (DOMAIN.md: a missed dose can mean lost tolerance). Loss of
 * tolerance after missed days, custody or hospital is what kills people in opioid
 * treatment (UK Clinical Guidelines on drug misuse and dependence 2017, "Orange Book": doses
 * missed for three days or more need clinical review and usually a reduced restart; release
 * from prison is the highest-risk period for overdose death). These rules only decide; the
 * prescribing and participant services record.
 */

/** Where a restart hold comes from: placed by the missed-dose engine or on return from a break. */
export type RestartHoldSource = "MISSED_DOSES" | "INDUCTION_MISS" | "BREAK_RETURN";
const RESTART_SOURCES: readonly string[] = ["MISSED_DOSES", "INDUCTION_MISS", "BREAK_RETURN"];

/** A hold for lost tolerance is cleared only by a new (restart) prescription, never by a note alone. */
export function holdNeedsNewPrescription(source: string): boolean {
  return RESTART_SOURCES.includes(source);
}

/** Default: restart at half the last dose given (a clinic setting). */
export const DEFAULT_RESTART_SHARE_PERCENT = 50;

/**
 * Custody and hospital breaks end in a hard hold whatever their length (tolerance is lost
 * in prison, and hospital opioids are unknown); any other break from the missed-dose hold
 * threshold in days on.
 */
export function breakEndsInHold(input: { reason: string; days: number }, holdAfterDays: number): boolean {
  return input.reason === "CUSTODY_REMAND" || input.reason === "HOSPITAL" || input.days >= holdAfterDays;
}

/** The last dose given in each session before the gap (null: none in this episode). */
export type LastDoses = { amMg: number | null; pmMg: number | null };

/** The restart the prescribing form proposes: a share of the last dose given in each session, in whole mg. */
export function restartProposal(last: LastDoses, sharePercent: number): SessionDoses {
  const share = (mg: number | null) => Math.floor(((mg ?? 0) * sharePercent) / 100);
  return { amMg: share(last.amMg), pmMg: share(last.pmMg) };
}

/** Restarting a session at or above the dose given before the gap needs a recorded reason. */
export function restartBreaches(next: SessionDoses, last: LastDoses): LimitBreach[] {
  const breaches: LimitBreach[] = [];
  for (const [slot, nextMg, lastMg] of [["AM", next.amMg, last.amMg], ["PM", next.pmMg, last.pmMg]] as const) {
    if (lastMg === null || lastMg === 0 || nextMg < lastMg) continue;
    breaches.push({
      rule: "restart",
      slot,
      limitMg: lastMg,
      proposedMg: nextMg,
      kind: "soft",
      message: `${slot} dose ${formatMg(nextMg)} restarts at or above the ${formatMg(lastMg)} given before the gap: tolerance may be lost.`,
    });
  }
  return breaches;
}
