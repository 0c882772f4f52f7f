import { addLocalDays, addLocalMonths, type LocalDate } from "./clinic-time";
import type { TopStage } from "./top";

/**
 * When the next TOP is due in an episode of treatment (DOMAIN.md "Outcomes"): a Start TOP
 * at enrolment, a Review every few months after the last Start or Review, and an Exit TOP
 * at exit. Earlier national guidance asked for a review every 3 months; the clinic default
 * is 6 (the site can change it).
 */
export const DEFAULT_TOP_REVIEW_MONTHS = 6;

/**
 * A TOP done within this many days either side of its due date counts for it, so a Start
 * TOP taken at the assessment the week before enrolment is not asked for again. After the
 * window a Start or Review is overdue; an Exit TOP can no longer be asked once the person
 * has left, so it drops off the list.
 */
export const TOP_WINDOW_DAYS = 14;

export type TopEpisode = { enrolledOn: LocalDate; exit: { exitedOn: LocalDate; reason: string } | null };
export type TopTaken = { stage: TopStage; assessedOn: LocalDate };
export type TopDueStatus = "notYetDue" | "due" | "overdue";
export type TopDue = { stage: TopStage; dueOn: LocalDate; status: TopDueStatus };

/** The next TOP this episode needs, or null when none is wanted (or can no longer be asked). */
export function nextTopDue(episode: TopEpisode, taken: readonly TopTaken[], today: LocalDate, reviewMonths: number): TopDue | null {
  const from = addLocalDays(episode.enrolledOn, -TOP_WINDOW_DAYS);
  const until = episode.exit ? addLocalDays(episode.exit.exitedOn, TOP_WINDOW_DAYS) : null;
  const inEpisode = taken.filter((t) => t.assessedOn >= from && (until === null || t.assessedOn <= until));

  if (episode.exit) {
    // Nobody can be asked after death; after the window the person has gone.
    if (episode.exit.reason === "DIED" || inEpisode.some((t) => t.stage === "EXIT")) return null;
    const due = withStatus("EXIT", episode.exit.exitedOn, today);
    return due.status === "overdue" ? null : due;
  }
  if (!inEpisode.some((t) => t.stage === "START")) return withStatus("START", episode.enrolledOn, today);
  const lastOnProgramme = inEpisode
    .filter((t) => t.stage !== "EXIT")
    .map((t) => t.assessedOn)
    .reduce((latest, d) => (d > latest ? d : latest));
  return withStatus("REVIEW", addLocalMonths(lastOnProgramme, reviewMonths), today);
}

function withStatus(stage: TopStage, dueOn: LocalDate, today: LocalDate): TopDue {
  const status: TopDueStatus =
    today < addLocalDays(dueOn, -TOP_WINDOW_DAYS) ? "notYetDue" : today <= addLocalDays(dueOn, TOP_WINDOW_DAYS) ? "due" : "overdue";
  return { stage, dueOn, status };
}
