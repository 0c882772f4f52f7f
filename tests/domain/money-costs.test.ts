import { describe, expect, it } from "vitest";
import { DEFAULT_COST_ASSUMPTIONS } from "@/domain/costs";
import { financialYearLabel, financialYearOf, formatPounds, MAX_AMOUNT_PENCE, parsePounds } from "@/domain/money";

describe("parsePounds", () => {
  it.each([
    ["131287", 13_128_700],
    ["£131,287", 13_128_700],
    ["£ 45,000.00", 4_500_000],
    ["0.5", 50],
    ["0.05", 5],
    ["1,000,000.99", 100_000_099],
    ["0", 0],
    ["21474836.47", MAX_AMOUNT_PENCE],
  ])("reads %s as %i pence", (text, pence) => {
    expect(parsePounds(text)).toBe(pence);
  });

  it.each(["", "-5", "12.345", "1,00", "12,3456", "£", "ten", "1e6", "21474836.48"])("refuses %j", (text) => {
    expect(parsePounds(text)).toBeNull();
  });
});

describe("financial years and pounds", () => {
  it("formats pence as pounds", () => {
    expect(formatPounds(18_628_700)).toBe("£186,287.00");
  });

  it.each([
    [2019, "2019/20"],
    [2099, "2099/00"],
  ])("labels %i as %s", (year, label) => {
    expect(financialYearLabel(year)).toBe(label);
  });

  it.each([
    ["2026-03-31", 2025],
    ["2026-04-01", 2026],
    ["2026-12-31", 2026],
  ])("puts %s in the year starting %i", (date, year) => {
    expect(financialYearOf(date)).toBe(year);
  });
});

describe("cost assumptions", () => {
  it("defaults to the Middlesbrough year-one figure: £97,800 for 25 fewer offences", () => {
    expect(DEFAULT_COST_ASSUMPTIONS.costPerOffencePence * 25).toBe(9_780_000);
  });
});
