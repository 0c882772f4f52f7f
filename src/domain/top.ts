/**
 * The Treatment Outcomes Profile (TOP), England's outcome questionnaire for drug and
 * alcohol treatment, asked at treatment Start, at each Review and at Exit (DOMAIN.md
 * "Outcomes"). Every answer is about the past 28 days.
 */
export const TOP_STAGES = ["START", "REVIEW", "EXIT"] as const;
export type TopStage = (typeof TOP_STAGES)[number];

export type TopFieldKind = "days" | "units" | "rating" | "yesNo";

/**
 * The answer each kind allows.
 * - days: days in the past 28 (TOP's four-week recall).
 * - rating: TOP's self-rated scales, 0 (poor) to 20 (good).
 * - units: UK alcohol units on a typical drinking day. TOP sets no ceiling. 200 units is
 *   5 litres of spirits, beyond what anyone survives, so it refuses only keying errors
 *   (an extra digit) and never a true answer from the heaviest dependent drinkers
 *   services see, at 50–100 units a day.
 */
export const TOP_RANGES: Record<Exclude<TopFieldKind, "yesNo">, { min: number; max: number }> = {
  days: { min: 0, max: 28 },
  rating: { min: 0, max: 20 },
  units: { min: 0, max: 200 },
};

export const TOP_SECTIONS = {
  use: "Substance use: days used in the past 28",
  injecting: "Injecting in the past 28 days",
  crime: "Crime: days in the past 28",
  health: "Health and quality of life (0 poor to 20 good)",
  living: "Work, education and housing",
} as const;
export type TopSection = keyof typeof TOP_SECTIONS;

type TopFieldDefinition = { name: string; kind: TopFieldKind; section: TopSection; label: string };

/** Every TOP question, in the order of the form. */
export const TOP_FIELDS = [
  { name: "alcoholDays", kind: "days", section: "use", label: "Alcohol" },
  { name: "alcoholUnitsPerDay", kind: "units", section: "use", label: "Alcohol units on a typical drinking day" },
  { name: "opiateDays", kind: "days", section: "use", label: "Illicit opiates (street heroin, non-prescribed opioids)" },
  { name: "crackDays", kind: "days", section: "use", label: "Crack cocaine" },
  { name: "cocaineDays", kind: "days", section: "use", label: "Cocaine powder" },
  { name: "amphetamineDays", kind: "days", section: "use", label: "Amphetamines" },
  { name: "cannabisDays", kind: "days", section: "use", label: "Cannabis" },
  { name: "otherDrugDays", kind: "days", section: "use", label: "Other drugs" },
  // Supervised doses are prescribed and would make every participant 28 of 28: the
  // question is about injecting outside the clinic, the risk treatment should reduce.
  { name: "injectedDays", kind: "days", section: "injecting", label: "Days injected outside the clinic" },
  { name: "sharedNeedles", kind: "yesNo", section: "injecting", label: "Shared needles or syringes" },
  { name: "sharedOtherEquipment", kind: "yesNo", section: "injecting", label: "Shared other injecting equipment" },
  { name: "shopliftingDays", kind: "days", section: "crime", label: "Shoplifting" },
  { name: "sellingDrugsDays", kind: "days", section: "crime", label: "Selling drugs" },
  { name: "theftBurglaryDays", kind: "days", section: "crime", label: "Other theft or burglary" },
  { name: "assaultDays", kind: "days", section: "crime", label: "Assault or violence" },
  { name: "psychologicalHealth", kind: "rating", section: "health", label: "Psychological health" },
  { name: "physicalHealth", kind: "rating", section: "health", label: "Physical health" },
  { name: "qualityOfLife", kind: "rating", section: "health", label: "Overall quality of life" },
  { name: "paidWorkDays", kind: "days", section: "living", label: "Days in paid work" },
  { name: "educationDays", kind: "days", section: "living", label: "Days at college or school" },
  { name: "acuteHousingProblem", kind: "yesNo", section: "living", label: "Acute housing problem (homeless, no fixed abode)" },
  { name: "riskOfEviction", kind: "yesNo", section: "living", label: "At risk of eviction" },
] as const satisfies readonly TopFieldDefinition[];

type TopField = (typeof TOP_FIELDS)[number];
export type TopFieldName = TopField["name"];

/** One person's answers: numbers for days, units and ratings; yes/no as booleans. */
export type TopAnswers = { [F in TopField as F["name"]]: F["kind"] extends "yesNo" ? boolean : number };

export type TopProblem = { field: TopFieldName; message: string };

/**
 * Answers that contradict each other. Units are "on a typical drinking day", so they
 * exist exactly when there were drinking days; sharing injecting equipment means
 * injecting outside the clinic, where no sterile kit is supplied.
 */
export function topProblems(answers: TopAnswers): TopProblem[] {
  const problems: TopProblem[] = [];
  if (answers.alcoholDays === 0 && answers.alcoholUnitsPerDay > 0) {
    problems.push({ field: "alcoholUnitsPerDay", message: "No drinking days were recorded, so units on a drinking day must be 0." });
  }
  if (answers.alcoholDays > 0 && answers.alcoholUnitsPerDay === 0) {
    problems.push({ field: "alcoholUnitsPerDay", message: "Give the units on a typical drinking day (at least 1)." });
  }
  if (answers.injectedDays === 0) {
    if (answers.sharedNeedles) problems.push({ field: "sharedNeedles", message: "Sharing needles means injecting: days injected cannot be 0." });
    if (answers.sharedOtherEquipment) {
      problems.push({ field: "sharedOtherEquipment", message: "Sharing injecting equipment means injecting: days injected cannot be 0." });
    }
  }
  return problems;
}
