/** Words shown for the closed sets of codes, one place for schema, UI and exports. */
export const AGENCY_LABEL = {
  PROBATION: "Probation",
  POLICE: "Police",
  DRUG_SERVICE: "Drug service",
  PRISON: "Prison",
  GP: "GP",
  SELF: "Self-referral",
  OTHER: "Other",
} as const;

export const BREAK_REASON_LABEL = {
  PHYSICAL_HEALTH: "Physical health",
  MENTAL_HEALTH: "Mental health",
  HOSPITAL: "In hospital",
  CUSTODY_REMAND: "Custody on remand",
  OTHER: "Other",
} as const;

/** NDTMS-style exit reasons (DOMAIN.md "Breaks and exits"). */
export const EXIT_REASON_LABEL = {
  COMPLETED_TO_ORAL: "Completed: transferred to oral treatment",
  COMPLETED_DRUG_FREE: "Completed: drug-free",
  RESIDENTIAL_REHAB: "Residential rehab",
  CUSTODIAL_SENTENCE: "Custodial sentence",
  MOVED_AWAY: "Moved away",
  DROPPED_OUT: "Voluntary departure / dropped out",
  CLINICALLY_DISCHARGED: "Clinically discharged (breach of contract)",
  DIED: "Died",
  OTHER: "Other",
} as const;

export function options<K extends string>(labels: Record<K, string>): { value: K; label: string }[] {
  return (Object.entries(labels) as [K, string][]).map(([value, label]) => ({ value, label }));
}
