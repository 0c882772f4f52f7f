/**
 * RFC 4180 CSV. Text that a spreadsheet would run as a formula (starting =, +, -, @, tab,
 * CR) is prefixed with an apostrophe: exported data must never execute on an analyst's PC
 * (OWASP "CSV injection"). Plain numbers such as "-12" or "-59.5%" are left as they are.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

const PLAIN_NUMBER = /^[-+]?\d+(\.\d+)?%?$/;

function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
