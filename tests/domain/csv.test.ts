import { describe, expect, it } from "vitest";
import { toCsv } from "@/domain/csv";

describe("CSV export", () => {
  it.each([
    ["plain text", "Shoplifting", "Shoplifting"],
    ["a comma", "Theft, from person", '"Theft, from person"'],
    ["a quote", 'said "no"', '"said ""no"""'],
    ["a formula", "=HYPERLINK(\"http://x\")", `"'=HYPERLINK(""http://x"")"`],
    ["a plus-led formula", "+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ["an at-led formula", "@SUM(A1)", "'@SUM(A1)"],
    ["a negative number as text", "-12", "-12"],
    ["a negative percentage as text", "-59.5%", "-59.5%"],
    ["a dash-led word", "-rm", "'-rm"],
  ])("writes %s safely", (_, value, cell) => {
    expect(toCsv(["h"], [[value]])).toBe(`h\r\n${cell}\r\n`);
  });

  it("writes numbers, blanks and nulls", () => {
    expect(toCsv(["a", "b", "c"], [[-3, null, undefined]])).toBe("a,b,c\r\n-3,,\r\n");
  });
});
