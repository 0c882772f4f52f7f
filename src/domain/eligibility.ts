import type { EligibilityCriteria } from "./settings";

export type EligibilityEvidence = {
  ageYears: number;
  yearsDependent: number;
  failedTreatments: number;
  injectingDaysLast90: number;
};

/** Which of the clinic's criteria the evidence does not meet, in words for the assessor. */
export function unmetCriteria(evidence: EligibilityEvidence, criteria: EligibilityCriteria): string[] {
  const unmet: string[] = [];
  if (evidence.ageYears < criteria.minAgeYears) unmet.push(`Age ${evidence.ageYears} is under the minimum of ${criteria.minAgeYears}.`);
  if (evidence.yearsDependent < criteria.minYearsDependent) {
    unmet.push(`${evidence.yearsDependent} years of dependency is under the minimum of ${criteria.minYearsDependent}.`);
  }
  if (evidence.failedTreatments < criteria.minFailedTreatments) {
    unmet.push(`${evidence.failedTreatments} failed earlier treatments is under the minimum of ${criteria.minFailedTreatments}.`);
  }
  if (evidence.injectingDaysLast90 < criteria.minInjectingDaysLast90) {
    unmet.push(`Injecting on ${evidence.injectingDaysLast90} of the last 90 days is under the minimum of ${criteria.minInjectingDaysLast90}.`);
  }
  return unmet;
}
