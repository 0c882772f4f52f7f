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

export const DOSE_ROUTE_LABEL = {
  IV: "Intravenous (IV)",
  IM: "Intramuscular (IM)",
  ORAL: "Oral",
} as const;

export const ORAL_DRUG_LABEL = {
  METHADONE: "Methadone",
  SLOW_RELEASE_ORAL_MORPHINE: "Slow-release oral morphine",
} as const;

/** A step of a dose session, as the card says who took it last ("Dose drawn by Nina Shah"). */
export const DOSE_STEP_LABEL = {
  CHECK_IN: "Checked in",
  ASSESSMENT: "Assessed",
  AUTHORISE_LATE: "Late dose authorised",
  DRAW: "Dose drawn",
  ADMINISTER: "Dose given",
  SIGN_OFF: "Signed off",
  WITHHOLD: "Withheld",
  DECLINE: "Recorded as declined",
  MISS: "Marked missed",
  NOT_EXPECTED: "Marked not expected",
  CORRECTION: "Corrected",
} as const;

export const ADVERSE_EVENT_LABEL = {
  OVERDOSE: "Overdose",
  NALOXONE_GIVEN: "Naloxone given",
  SEIZURE: "Seizure",
  INJECTION_SITE_PROBLEM: "Injection site problem",
  OTHER: "Other",
} as const;

/** Urine screen substances: street heroin markers, then prescribed diamorphine's metabolite, then the rest. */
export const SUBSTANCE_LABEL = {
  ACETYLCODEINE: "Acetylcodeine",
  PAPAVERINE: "Papaverine",
  NOSCAPINE: "Noscapine",
  MORPHINE_6MAM: "Morphine / 6-MAM",
  METHADONE: "Methadone",
  COCAINE: "Cocaine / crack",
  BENZODIAZEPINES: "Benzodiazepines",
  AMPHETAMINES: "Amphetamines",
  CANNABIS: "Cannabis",
  ALCOHOL_ETG: "Alcohol (EtG)",
  OTHER: "Other",
} as const;

export const SAMPLE_TYPE_LABEL = { URINE: "Urine", ORAL_FLUID: "Oral fluid" } as const;

export const TOP_STAGE_LABEL = { START: "Start", REVIEW: "Review", EXIT: "Exit" } as const;

export const RECORD_SOURCE_LABEL = { MANUAL: "Entered by hand", IMPORT: "Imported" } as const;

export const OFFENCE_PERIOD_LABEL = { beforeEntry: "Before entry", onProgramme: "On programme", offProgramme: "Not in treatment" } as const;

export const FUNDING_KIND_LABEL = { FUNDING: "Funding", IN_KIND: "In kind" } as const;

export function options<K extends string>(labels: Record<K, string>): { value: K; label: string }[] {
  return (Object.entries(labels) as [K, string][]).map(([value, label]) => ({ value, label }));
}
