import { isLocalDate, type LocalDate } from "./clinic-time";
import { MAX_SEVERITY_SCORE } from "./offending";
import { screenResultFromLab, substanceFromLabName, type ScreenResult, type Substance } from "./urine";

/**
 * Checks for rows of the CSV files the clinic imports: a police extract of detected
 * offences and a laboratory's urine results. Each check returns every reason a row is
 * wrong, so one report can list them all before anything is written.
 */

export type ImportColumn<K extends string> = { key: K; label: string; aliases: readonly string[] };

export const OFFENCE_COLUMNS = [
  { key: "reference", label: "reference", aliases: ["participant reference", "participant", "client reference"] },
  { key: "offenceDate", label: "offence date", aliases: ["offense date", "date"] },
  { key: "offenceType", label: "offence type", aliases: ["offense type", "offence", "type"] },
  { key: "severityScore", label: "severity score", aliases: ["severity", "crime harm index", "CHI"] },
] as const satisfies readonly ImportColumn<string>[];
export type OffenceColumn = (typeof OFFENCE_COLUMNS)[number]["key"];

export const URINE_COLUMNS = [
  { key: "reference", label: "reference", aliases: ["participant reference", "participant", "client reference"] },
  { key: "date", label: "date", aliases: ["collected on", "collection date", "sample date"] },
  { key: "substance", label: "substance", aliases: ["test", "analyte", "drug"] },
  { key: "result", label: "result", aliases: ["outcome"] },
] as const satisfies readonly ImportColumn<string>[];
export type UrineColumn = (typeof URINE_COLUMNS)[number]["key"];

const squash = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, "");

export type HeaderMatch<K extends string> = { ok: true; indexes: Record<K, number> } | { ok: false; reason: string };

/**
 * Finds each expected column in a header row by its name or a common alias (case, spaces
 * and punctuation ignored). Other columns, such as a police crime number, are ignored.
 */
export function matchHeader<K extends string>(header: readonly string[], columns: readonly ImportColumn<K>[]): HeaderMatch<K> {
  const names = header.map(squash);
  const indexes = {} as Record<K, number>;
  const missing: string[] = [];
  for (const column of columns) {
    const accepted = new Set([column.label, ...column.aliases].map(squash));
    const found = names.flatMap((name, i) => (accepted.has(name) ? [i] : []));
    if (found.length > 1) return { ok: false, reason: `The header names the ${column.label} column more than once.` };
    if (found.length === 0) missing.push(column.label);
    else indexes[column.key] = found[0]!;
  }
  if (missing.length > 0) {
    const expected = columns.map((c) => c.label).join(", ");
    return { ok: false, reason: `The header has no ${missing.join(", ")} column. Expected columns: ${expected}.` };
  }
  return { ok: true, indexes };
}

export type RowCheck<T> = { ok: true; value: T } | { ok: false; reasons: string[] };

export type OffenceRow = { reference: string; offenceDate: LocalDate; offenceType: string; severityScore: number };
export type UrineRow = { reference: string; date: LocalDate; substance: Substance; result: ScreenResult };

export const MAX_OFFENCE_TYPE_LENGTH = 200;

export function checkOffenceRow(cells: Record<OffenceColumn, string>, today: LocalDate): RowCheck<OffenceRow> {
  const reasons: string[] = [];
  const reference = checkReference(cells.reference, reasons);
  const offenceDate = checkPastDate(cells.offenceDate, "offence date", today, reasons);
  const offenceType = cells.offenceType.trim().replace(/\s+/g, " ");
  if (!offenceType) reasons.push("offence type is missing");
  else if (offenceType.length > MAX_OFFENCE_TYPE_LENGTH) reasons.push(`offence type is longer than ${MAX_OFFENCE_TYPE_LENGTH} characters`);
  const severityScore = checkSeverity(cells.severityScore, reasons);
  if (reasons.length > 0) return { ok: false, reasons };
  return { ok: true, value: { reference, offenceDate: offenceDate!, offenceType, severityScore: severityScore! } };
}

export function checkUrineRow(cells: Record<UrineColumn, string>, today: LocalDate): RowCheck<UrineRow> {
  const reasons: string[] = [];
  const reference = checkReference(cells.reference, reasons);
  const date = checkPastDate(cells.date, "date", today, reasons);
  const substanceText = cells.substance.trim();
  const substance = substanceText ? substanceFromLabName(substanceText) : null;
  if (!substanceText) reasons.push("substance is missing");
  else if (!substance) reasons.push(`substance "${substanceText}" is not one the clinic screens for`);
  const resultText = cells.result.trim();
  const result = resultText ? screenResultFromLab(resultText) : null;
  if (!resultText) reasons.push("result is missing");
  else if (!result) reasons.push(`result "${resultText}" is neither positive nor negative`);
  if (reasons.length > 0) return { ok: false, reasons };
  return { ok: true, value: { reference, date: date!, substance: substance!, result: result! } };
}

function checkReference(text: string, reasons: string[]): string {
  const reference = text.trim();
  if (!reference) reasons.push("reference is missing");
  return reference;
}

function checkPastDate(text: string, label: string, today: LocalDate, reasons: string[]): LocalDate | null {
  const date = text.trim();
  if (!date) reasons.push(`${label} is missing`);
  else if (!isLocalDate(date)) reasons.push(`${label} "${date}" is not a date written yyyy-mm-dd`);
  else if (date > today) reasons.push(`${label} ${date} is in the future`);
  else return date;
  return null;
}

function checkSeverity(text: string, reasons: string[]): number | null {
  const score = text.trim();
  if (!score) reasons.push("severity score is missing");
  else if (!/^-?\d+$/.test(score)) reasons.push(`severity score "${score}" is not a whole number`);
  else if (Number(score) < 0) reasons.push(`severity score ${score} is below 0`);
  else if (Number(score) > MAX_SEVERITY_SCORE) reasons.push(`severity score ${score} is above ${MAX_SEVERITY_SCORE} days`);
  else return Number(score);
  return null;
}
