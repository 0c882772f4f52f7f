/**
 * RFC 4180 CSV, safe to open in a spreadsheet (OWASP "CSV injection"): exported data must
 * never execute on an analyst's PC.
 *
 * - Every text cell, header included, that a spreadsheet would run as a formula is prefixed
 *   with an apostrophe: one starting with =, +, -, @, a tab or a carriage return, also when
 *   the =, +, - or @ follows leading spaces or line breaks (spreadsheets skip them). Plain
 *   numbers such as "-12" or "-59.5%" are left as they are.
 * - A cell holding either separator a spreadsheet may use (`,`, or `;` in locales with a
 *   decimal comma), a tab, a quote or a line break is quoted, quotes doubled.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

const PLAIN_NUMBER = /^[-+]?\d+(\.\d+)?%?$/;
const FORMULA_START = /^(?:[\t\r]|\s*[=+\-@])/u;
const NEEDS_QUOTES = /[",;\t\r\n]/;

/** True when a spreadsheet could take this text for a formula. */
export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text.trim());
}

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && looksLikeFormula(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
