import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvCell, looksLikeFormula, toCsv } from "@/domain/csv";
import { parseCsv } from "../support/csv";


describe("CSV export", () => {
  it.each([
    ["plain text", "Shoplifting", "Shoplifting"],
    ["a comma", "Theft, from person", '"Theft, from person"'],
    ["a semicolon (the separator where the decimal point is a comma)", "Theft; from person", '"Theft; from person"'],
    ["a quote", 'said "no"', '"said ""no"""'],
    ["a line feed", "two\nlines", '"two\nlines"'],
    ["a carriage return inside", "two\rlines", '"two\rlines"'],
    ["a tab inside", "a\tb", '"a\tb"'],
    ["a formula", '=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ["a plus-led formula", "+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ["a minus-led formula", "-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ["an at-led formula", "@SUM(A1)", "'@SUM(A1)"],
    ["a tab-led value", "\t=1+1", `"'\t=1+1"`],
    ["a carriage-return-led value", "\r=1+1", `"'\r=1+1"`],
    ["a formula after spaces", "   =1+1", "'   =1+1"],
    ["a formula after a line feed", "\n=1+1", `"'\n=1+1"`],
    ["a formula after a no-break space", "\u00a0@SUM(A1)", "'\u00a0@SUM(A1)"],
    ["a formula with a semicolon-separated argument list", "=IF(1;2;3)", `"'=IF(1;2;3)"`],
    ["a formula after spaces holding a comma", " =SUM(1,2)", `"' =SUM(1,2)"`],
    ["a negative number as text", "-12", "-12"],
    ["a positive number with its sign", "+12", "+12"],
    ["a negative decimal as text", "-3.25", "-3.25"],
    ["a negative percentage as text", "-59.5%", "-59.5%"],
    ["a number after spaces", "  -12", "  -12"],
    ["a dash-led word", "-rm", "'-rm"],
    ["a lone dash", "-", "'-"],
    ["an equals sign inside", "a=b", "a=b"],
    ["an empty text", "", ""],
  ])("writes %s safely", (_, value, cell) => {
    expect(toCsv(["h"], [[value]])).toBe(`h\r\n${cell}\r\n`);
  });

  it("guards the header row as well as the data", () => {
    expect(toCsv(["=cmd", "a;b"], [])).toBe(`'=cmd,"a;b"\r\n`);
  });

  it("guards every cell of a row, not only the first", () => {
    expect(toCsv(["a", "b", "c"], [["ok", "=1+1", " @x"]])).toBe("a,b,c\r\nok,'=1+1,' @x\r\n");
  });

  it("writes numbers, blanks and nulls", () => {
    expect(toCsv(["a", "b", "c"], [[-3, null, undefined]])).toBe("a,b,c\r\n-3,,\r\n");
  });

  it("never leaves a cell a spreadsheet would run, and reads back as written (apostrophe aside)", () => {
    const risky = fc.constantFrom("=", "+", "-", "@", "\t", "\r", "\n", " ", "\u00a0", ",", ";", '"', "1", "a", "%", ".");
    const text = fc.oneof(fc.string(), fc.array(risky, { maxLength: 8 }).map((parts) => parts.join("")));
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 5 }), (cells) => {
        const [written] = parseCsv(toCsv(cells, []));
        expect(written).toHaveLength(cells.length);
        written!.forEach((cell, i) => {
          expect(looksLikeFormula(cell), JSON.stringify(cell)).toBe(false);
          expect(cell === cells[i] || cell === `'${cells[i]}`).toBe(true);
        });
      }),
      { numRuns: 2000 },
    );
  });

  it("quotes any cell holding a separator, a quote or a line break", () => {
    for (const c of [",", ";", '"', "\r", "\n"]) expect(csvCell(`x${c}y`).startsWith('"')).toBe(true);
  });
});
