import { DAILY_SHOPLIFTING_MIN_DAYS, RIOTT_WEEKS } from "./board-figures";

/**
 * What each board figure counts, published beside it on the dashboard, in the printable
 * report and in the CSV (issue 17, "Published definitions beside each figure"). One entry
 * per figure; the arithmetic is src/domain/board-figures.ts, and these words must say what
 * it does.
 *
 * "Follow-up" ends on the last day of the period or today (Europe/London), whichever is
 * earlier: no figure looks past today.
 */

export type FigureWindow = "in the period" | "since entry" | "at the end of follow-up";

export type FigureDefinition = {
  title: string;
  definition: string;
  numerator: string;
  denominator: string;
  window: FigureWindow;
  source: string;
};

const NDTMS = "NDTMS treatment journeys (an episode is enrolment to exit; a re-admission is a new episode)";
const MIDDLESBROUGH = "Middlesbrough HAT pilot, year-one evaluation";

export const FIGURE_DEFINITIONS = {
  everEnrolled: {
    title: "Ever enrolled",
    definition: "Treatment episodes enrolled by the end of follow-up, at the chosen site(s) and in the chosen enrolment cohort.",
    numerator: "Episodes enrolled on or before the end of follow-up",
    denominator: "None (a count)",
    window: "at the end of follow-up",
    source: NDTMS,
  },
  status: {
    title: "Status: active, on a break, exited",
    definition: "Each episode's state on the last day of follow-up. A temporary break is neither an exit nor a missed dose.",
    numerator: "Episodes active, on a break, or exited by the end of follow-up",
    denominator: "Everyone ever enrolled",
    window: "at the end of follow-up",
    source: `${MIDDLESBROUGH} (14% on a break, 35.7% exited)`,
  },
  enrolmentsAndExits: {
    title: "Enrolled, exited and in treatment in the period",
    definition: "Episodes that began in the period, ended in it, and were in treatment on at least one of its days.",
    numerator: "Episodes with their enrolment, their exit, or a day of treatment between the period's start and the end of follow-up",
    denominator: "None (counts)",
    window: "in the period",
    source: NDTMS,
  },
  retentionInHat: {
    title: "Retention at 3, 6 and 12 months: still in HAT",
    definition:
      "Of the episodes that reached the milestone (3, 6 or 12 calendar months after enrolment) by the end of follow-up, the share that had not exited before it. A break counts as retained; an exit on the milestone day counts as retained; a milestone not yet reached is not counted at all. Shown since entry (every milestone reached) and in the period (milestones that fell in it).",
    numerator: "Episodes not exited before the milestone",
    denominator: "Episodes whose milestone fell by the end of follow-up (or in the period)",
    window: "since entry",
    source: "Strang et al., Lancet 2010 (RIOTT); Oviedo-Joekes et al., N Engl J Med 2009 (NAOMI)",
  },
  retentionInTreatment: {
    title: "Retention at 3, 6 and 12 months: in any treatment",
    definition:
      "As still in HAT, but an exit before the milestone by transfer to oral opioid treatment or to residential rehab also counts as retained: the person is still in treatment.",
    numerator: "Episodes not exited before the milestone, or exited to oral treatment or residential rehab",
    denominator: "Episodes whose milestone fell by the end of follow-up (or in the period)",
    window: "since entry",
    source: "Oviedo-Joekes et al., N Engl J Med 2009 (NAOMI: retention in addiction treatment)",
  },
  survival: {
    title: "Retention curve (Kaplan–Meier)",
    definition:
      "The estimated share still in treatment by days since enrolment, per enrolment cohort. Any exit is an event; episodes still in treatment are censored on the last day of follow-up.",
    numerator: "Episodes still in treatment",
    denominator: "Episodes at risk on each day",
    window: "since entry",
    source: "Kaplan and Meier, J Am Stat Assoc 1958",
  },
  attendance: {
    title: "Sessions dosed of expected",
    definition:
      "Sessions in the period at which a dose (or part of one) was given, out of the sessions the person was expected at. Sessions on a break, in hospital or in custody are not expected and are in neither figure.",
    numerator: "Dosed and partly dosed sessions",
    denominator: "Expected sessions: dosed, partly dosed, withheld, declined and missed",
    window: "in the period",
    source: `${MIDDLESBROUGH} (98%)`,
  },
  sessionsAttended: {
    title: "Share of sessions attended",
    definition: "Sessions in the period the person came to, whether or not a dose was given (withheld or declined included), out of the sessions they were expected at.",
    numerator: "Dosed, partly dosed, withheld and declined sessions",
    denominator: "Expected sessions (not-expected sessions left out)",
    window: "in the period",
    source: "Trial reporting of scheduled sessions attended (RIOTT, NAOMI)",
  },
  urineNegative: {
    title: "Screens negative for street heroin",
    definition:
      "Screens collected in the period while in treatment that were tested for street heroin (acetylcodeine, papaverine or noscapine) with none positive. Morphine/6-MAM, which prescribed diamorphine also leaves, does not count. A screen with no street-heroin marker reported is not tested: it is left out of both figures and counted separately.",
    numerator: "Screens with at least one street-heroin marker reported and none positive",
    denominator: "Screens with at least one street-heroin marker reported",
    window: "in the period",
    source: `${MIDDLESBROUGH} (80%); Paterson et al., Addiction 2005 (markers of street heroin)`,
  },
  riottUrine: {
    title: "Trial urine outcome (RIOTT)",
    definition: `The share of episodes with at least half of the ${RIOTT_WEEKS.last - RIOTT_WEEKS.first + 1} weeks ${RIOTT_WEEKS.first}–${RIOTT_WEEKS.last} of treatment negative for street heroin. A week is negative when a screen that week was tested and none was positive; a week without one (including after an exit) counts against. Episodes count once their week ${RIOTT_WEEKS.last} is over by the end of follow-up; in the period, those whose week ${RIOTT_WEEKS.last} ended in it.`,
    numerator: `Episodes with at least half of weeks ${RIOTT_WEEKS.first}–${RIOTT_WEEKS.last} negative`,
    denominator: `Episodes whose week ${RIOTT_WEEKS.last} ended by the end of follow-up (or in the period)`,
    window: "since entry",
    source: "Strang et al., Lancet 2010;375:1885–95 (RIOTT primary outcome)",
  },
  offendingBefore: {
    title: "Offences in the year before entry",
    definition:
      "Detected offences in the 365 days before enrolment. For a re-admitted person the year starts no earlier than the day after their previous exit, so no offence is counted both before one episode and during another.",
    numerator: "Offences dated in the year before entry",
    denominator: "Episodes compared (per person), or the person-years of those windows (per person-year)",
    window: "since entry",
    source: `${MIDDLESBROUGH} (3.0 offences per person before entry)`,
  },
  offendingSinceEntry: {
    title: "Offences on programme since entry",
    definition: "Detected offences from enrolment to exit or the end of follow-up, against the time on programme in that span.",
    numerator: "Offences dated on programme",
    denominator: "Episodes compared (per person), or person-years on programme (per person-year)",
    window: "since entry",
    source: `${MIDDLESBROUGH} (1.2 offences per person on programme, −60%)`,
  },
  offendingInPeriod: {
    title: "Offences on programme in the period",
    definition: "Detected offences dated in the period while on programme, against the person-time on programme within the period.",
    numerator: "Offences dated in the period while on programme",
    denominator: "Person-years on programme in the period",
    window: "in the period",
    source: "The police extract of detected offences, as imported",
  },
  medianSeverity: {
    title: "Median offence severity",
    definition: "The middle severity score of the offences in a window, in Cambridge Crime Harm Index days of imprisonment.",
    numerator: "Severity scores of the offences in the window",
    denominator: "None (a median)",
    window: "since entry",
    source: "Sherman, Neyroud and Neyroud, Policing 2016 (Cambridge Crime Harm Index)",
  },
  stoppedReduced: {
    title: "Stopped and reduced offending",
    definition:
      "Of the episodes with an offence in the year before entry: stopped, no offence on programme; reduced, offences per year on programme below the rate in the year before.",
    numerator: "Prior offenders who stopped (or reduced)",
    denominator: "Episodes with an offence in the year before entry",
    window: "since entry",
    source: `${MIDDLESBROUGH} (20% ceased, 67% reduced)`,
  },
  top: {
    title: "Treatment Outcomes Profile",
    definition: `Each person's first TOP Start against their latest Review by the end of follow-up: mean days of use, injecting and shoplifting in the past 28, health and quality-of-life ratings (0–20). Shoplifting daily: ${DAILY_SHOPLIFTING_MIN_DAYS} or more of 28 days.`,
    numerator: "Sum of answers (means); people with the answer (counts)",
    denominator: "People with a Start and a later Review",
    window: "since entry",
    source: "Marsden et al., Addiction 2008 (TOP); NDTMS",
  },
  fundingPerParticipantYear: {
    title: "Funding per participant-year",
    definition:
      "A financial year's funding (and in kind) for the chosen site(s), over the participant-years of everyone treated at those sites within that same year, whatever the cohort filter: the money paid for all of them. Given only once the financial year is over, so a whole year's money is never divided by part of a year's treatment.",
    numerator: "Funding (and in kind) of the financial year at the site(s)",
    denominator: "Days in treatment within the financial year of every episode at the site(s), over 365",
    window: "in the period",
    source: "Clinic funding lines (administrators' funding page)",
  },
  savings: {
    title: "Estimated criminal-justice saving",
    definition:
      "Offences avoided times the cost of one offence. Offences avoided: the year-before rate (offences per person-year before entry) over the person-years on programme, less the offences detected on programme. Worked out per site at the site's own cost per offence and added up across sites. Since entry uses all time on programme; in the period only its days and offences.",
    numerator: "Offences expected at the year-before rate, less offences detected, times each site's cost per offence",
    denominator: "None (an estimate in pounds)",
    window: "since entry",
    source: `${MIDDLESBROUGH} (£97,800 for 25 fewer detected offences)`,
  },
  stockChecks: {
    title: "Controlled-drug stock checks",
    definition: "Two-person stock checks made in the period, how many disagreed with the register, and batches whose latest count by the end of follow-up still disagrees.",
    numerator: "Stock checks (with a discrepancy)",
    denominator: "None (counts)",
    window: "in the period",
    source: "Misuse of Drugs Regulations 2001, regulations 19–20",
  },
} as const satisfies Record<string, FigureDefinition>;

export type FigureId = keyof typeof FIGURE_DEFINITIONS;

export const FIGURE_IDS = Object.keys(FIGURE_DEFINITIONS) as FigureId[];

/** One definition as a sentence block, for the CSV and the report. */
export function describeDefinition(definition: FigureDefinition): string {
  return `${definition.definition} Numerator: ${definition.numerator}. Denominator: ${definition.denominator}. Source: ${definition.source}.`;
}
