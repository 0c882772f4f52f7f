import type { LocalDate } from "./clinic-time";

/**
 * Detected offences from police data (DOMAIN.md "Outcomes"). The severity score is the
 * Cambridge Crime Harm Index: days of imprisonment in the sentencing starting point for
 * the offence. No starting point exceeds 100 years, so a larger score is a keying error.
 */
export const MAX_SEVERITY_SCORE = 36_500;

export type OffencePeriod = "beforeEntry" | "onProgramme" | "offProgramme";

export type EpisodeSpan = { enrolledOn: LocalDate; closedOn: LocalDate | null };

/**
 * Where an offence falls against a person's treatment: before they first entered, during
 * an episode (enrolment to exit inclusive), or between or after episodes. The board
 * compares the year before entry with time on the programme.
 */
export function offencePeriod(offenceDate: LocalDate, episodes: readonly EpisodeSpan[]): OffencePeriod {
  if (episodes.some((e) => offenceDate >= e.enrolledOn && (e.closedOn === null || offenceDate <= e.closedOn))) return "onProgramme";
  if (episodes.every((e) => offenceDate < e.enrolledOn)) return "beforeEntry";
  return "offProgramme";
}
