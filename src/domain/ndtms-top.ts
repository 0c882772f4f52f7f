import type { LocalDate } from "./clinic-time";
import type { TopAnswers, TopStage } from "./top";

/**
 * TOP records in the field naming of the National Drug Treatment Monitoring System
 * (NDTMS) core data set, for the service's data return. Field names follow the NDTMS
 * adult TOP items (TOPDATE, TRSTAGE, ALCUSE … QUALLIFE); values are days, 0–20 ratings
 * and Y/N, as NDTMS records them.
 */
export type NdtmsTopRecord = { reference: string; id: string; assessedOn: LocalDate; stage: TopStage } & TopAnswers;

/** NDTMS treatment stage codes. */
export const NDTMS_STAGE: Record<TopStage, string> = { START: "S", REVIEW: "R", EXIT: "E" };

const yn = (value: boolean) => (value ? "Y" : "N");

const COLUMNS: readonly { column: string; value: (t: NdtmsTopRecord) => string | number }[] = [
  // The participant's pseudonymous reference: identifiable details never leave the clinic.
  { column: "CLIENTID", value: (t) => t.reference },
  { column: "TOPID", value: (t) => t.id },
  { column: "TOPDATE", value: (t) => t.assessedOn },
  { column: "TRSTAGE", value: (t) => NDTMS_STAGE[t.stage] },
  { column: "ALCUSE", value: (t) => t.alcoholDays },
  { column: "ALCUNITS", value: (t) => t.alcoholUnitsPerDay },
  { column: "OPIUSE", value: (t) => t.opiateDays },
  { column: "CRAUSE", value: (t) => t.crackDays },
  { column: "COCAUSE", value: (t) => t.cocaineDays },
  { column: "AMPHUSE", value: (t) => t.amphetamineDays },
  { column: "CANNUSE", value: (t) => t.cannabisDays },
  { column: "OTDRGUSE", value: (t) => t.otherDrugDays },
  { column: "IVDRGUSE", value: (t) => t.injectedDays },
  // NDTMS has one sharing item; TOP's blood-borne-virus risk is sharing any injecting kit.
  { column: "SHARING", value: (t) => yn(t.sharedNeedles || t.sharedOtherEquipment) },
  { column: "SHOTHEFT", value: (t) => t.shopliftingDays },
  { column: "DRGSELL", value: (t) => t.sellingDrugsDays },
  { column: "OTHTHEFT", value: (t) => t.theftBurglaryDays },
  { column: "ASSAULT", value: (t) => t.assaultDays },
  { column: "PSYHSTAT", value: (t) => t.psychologicalHealth },
  { column: "PWORK", value: (t) => t.paidWorkDays },
  { column: "EDUCAT", value: (t) => t.educationDays },
  { column: "ACUTHPBM", value: (t) => yn(t.acuteHousingProblem) },
  { column: "HRISK", value: (t) => yn(t.riskOfEviction) },
  { column: "PHSTAT", value: (t) => t.physicalHealth },
  { column: "QUALLIFE", value: (t) => t.qualityOfLife },
];

export const NDTMS_TOP_HEADER: readonly string[] = COLUMNS.map((c) => c.column);

export function ndtmsTopRow(record: NdtmsTopRecord): (string | number)[] {
  return COLUMNS.map((c) => c.value(record));
}
