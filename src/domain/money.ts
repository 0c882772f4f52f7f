import type { LocalDate } from "./clinic-time";

/**
 * Money is whole pence (an Int column), never floating point. The largest amount one
 * line can hold is the column's limit, about £21.4 million.
 */
export const MAX_AMOUNT_PENCE = 2_147_483_647;

const POUNDS = /^£?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;

/** "£131,287", "131287.5" or "45000.00" → pence; null for anything else (negative, three decimals, words). */
export function parsePounds(text: string): number | null {
  const match = POUNDS.exec(text.trim());
  if (!match) return null;
  const pence = Number(match[1]!.replace(/,/g, "")) * 100 + Number((match[2] ?? "0").padEnd(2, "0"));
  return pence <= MAX_AMOUNT_PENCE ? pence : null;
}

const GBP = new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP" });

/** 13128700 → "£131,287.00". */
export function formatPounds(pence: number): string {
  return GBP.format(pence / 100);
}

/** UK public-sector financial years start on 1 April: 2019 is "2019/20". */
export function financialYearLabel(startYear: number): string {
  return `${startYear}/${String((startYear + 1) % 100).padStart(2, "0")}`;
}

/** The financial year (by its starting calendar year) a date falls in. */
export function financialYearOf(date: LocalDate): number {
  const [year, month] = date.split("-").map(Number) as [number, number];
  return month >= 4 ? year : year - 1;
}
