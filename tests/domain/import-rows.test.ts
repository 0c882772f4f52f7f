import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkOffenceRow, checkUrineRow, matchHeader, OFFENCE_COLUMNS, URINE_COLUMNS } from "@/domain/import-rows";
import { screenResultFromLab, substanceFromLabName, SUBSTANCES } from "@/domain/urine";

const TODAY = "2026-05-20";
const offence = (cells: Partial<Record<"reference" | "offenceDate" | "offenceType" | "severityScore", string>>) =>
  checkOffenceRow({ reference: "HAT-0001", offenceDate: "2026-01-02", offenceType: "Shoplifting", severityScore: "5", ...cells }, TODAY);
const urine = (cells: Partial<Record<"reference" | "date" | "substance" | "result", string>>) =>
  checkUrineRow({ reference: "HAT-0001", date: "2026-01-02", substance: "6-MAM", result: "positive", ...cells }, TODAY);
const reasons = (check: { ok: boolean; reasons?: string[] }) => (check.ok ? [] : check.reasons);

describe("matchHeader", () => {
  it("finds the columns in any order, whatever their case and punctuation", () => {
    expect(matchHeader(["Severity_Score", "OFFENCE TYPE", "Offence-Date", "Reference"], OFFENCE_COLUMNS)).toEqual({
      ok: true,
      indexes: { reference: 3, offenceDate: 2, offenceType: 1, severityScore: 0 },
    });
  });

  it("accepts the common aliases and ignores columns it does not need", () => {
    expect(matchHeader(["Crime number", "Participant", "Date", "Offence", "CHI"], OFFENCE_COLUMNS)).toMatchObject({
      ok: true,
      indexes: { reference: 1, offenceDate: 2, offenceType: 3, severityScore: 4 },
    });
    expect(matchHeader(["Client reference", "Sample date", "Analyte", "Outcome"], URINE_COLUMNS)).toMatchObject({ ok: true });
  });

  it("names the missing columns and the expected ones", () => {
    expect(matchHeader(["reference", "date"], OFFENCE_COLUMNS)).toEqual({
      ok: false,
      reason: "The header has no offence type, severity score column. Expected columns: reference, offence date, offence type, severity score.",
    });
  });

  it("refuses a header that names a column twice", () => {
    expect(matchHeader(["reference", "date", "offence date", "type", "severity"], OFFENCE_COLUMNS)).toEqual({
      ok: false,
      reason: "The header names the offence date column more than once.",
    });
  });
});

describe("checkOffenceRow", () => {
  it("accepts a good row, trimming cells and single-spacing the offence type", () => {
    expect(offence({ reference: " HAT-0001 ", offenceType: "  Theft   from  person ", severityScore: " 30 " })).toEqual({
      ok: true,
      value: { reference: "HAT-0001", offenceDate: "2026-01-02", offenceType: "Theft from person", severityScore: 30 },
    });
  });

  it.each<[string, Parameters<typeof offence>[0], string[]]>([
    ["a missing reference", { reference: "" }, ["reference is missing"]],
    ["a missing offence date", { offenceDate: " " }, ["offence date is missing"]],
    ["a date written day first", { offenceDate: "02/01/2026" }, ['offence date "02/01/2026" is not a date written yyyy-mm-dd']],
    ["an impossible date", { offenceDate: "2026-02-30" }, ['offence date "2026-02-30" is not a date written yyyy-mm-dd']],
    ["a date tomorrow", { offenceDate: "2026-05-21" }, ["offence date 2026-05-21 is in the future"]],
    ["a missing offence type", { offenceType: "" }, ["offence type is missing"]],
    ["an offence type over 200 characters", { offenceType: "x".repeat(201) }, ["offence type is longer than 200 characters"]],
    ["a missing severity score", { severityScore: "" }, ["severity score is missing"]],
    ["a negative severity score", { severityScore: "-1" }, ["severity score -1 is below 0"]],
    ["a fractional severity score", { severityScore: "2.5" }, ['severity score "2.5" is not a whole number']],
    ["a severity score in words", { severityScore: "ten" }, ['severity score "ten" is not a whole number']],
    ["a severity score above 100 years", { severityScore: "36501" }, ["severity score 36501 is above 36500 days"]],
    ["every fault at once", { reference: "", offenceDate: "", offenceType: "", severityScore: "" }, [
      "reference is missing", "offence date is missing", "offence type is missing", "severity score is missing",
    ]],
  ])("refuses %s", (_name, cells, expected) => {
    expect(reasons(offence(cells))).toEqual(expected);
  });

  it.each([
    ["today's date", { offenceDate: TODAY }],
    ["a severity score of 0", { severityScore: "0" }],
    ["a severity score of exactly 100 years", { severityScore: "36500" }],
    ["an offence type of exactly 200 characters", { offenceType: "x".repeat(200) }],
  ])("accepts %s", (_name, cells) => {
    expect(offence(cells).ok).toBe(true);
  });

  it("accepts every well-formed row and keeps its values", () => {
    const dates = fc.date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date(`${TODAY}T00:00:00Z`), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(dates, fc.stringMatching(/^[A-Za-z][A-Za-z ()]{0,40}[A-Za-z)]$/), fc.integer({ min: 0, max: 36_500 }), (date, type, score) => {
        const check = offence({ offenceDate: date, offenceType: type, severityScore: String(score) });
        expect(check).toEqual({ ok: true, value: { reference: "HAT-0001", offenceDate: date, offenceType: type.replace(/\s+/g, " "), severityScore: score } });
      }),
    );
  });
});

describe("checkUrineRow", () => {
  it("accepts a lab's row, mapping its names to the clinic's codes", () => {
    expect(urine({ substance: "Benzoylecgonine", result: "Not detected" })).toEqual({
      ok: true,
      value: { reference: "HAT-0001", date: "2026-01-02", substance: "COCAINE", result: "NEGATIVE" },
    });
  });

  it.each<[string, Parameters<typeof urine>[0], string[]]>([
    ["a missing reference", { reference: "" }, ["reference is missing"]],
    ["a date in the future", { date: "2026-06-01" }, ["date 2026-06-01 is in the future"]],
    ["a date that is not yyyy-mm-dd", { date: "1 Jan 2026" }, ['date "1 Jan 2026" is not a date written yyyy-mm-dd']],
    ["a missing substance", { substance: "" }, ["substance is missing"]],
    ["an unknown substance", { substance: "Ketamine" }, ['substance "Ketamine" is not one the clinic screens for']],
    ["the ambiguous name heroin", { substance: "heroin" }, ['substance "heroin" is not one the clinic screens for']],
    ["a missing result", { result: "" }, ["result is missing"]],
    ["a result that is neither", { result: "inconclusive" }, ['result "inconclusive" is neither positive nor negative']],
  ])("refuses %s", (_name, cells, expected) => {
    expect(reasons(urine(cells))).toEqual(expected);
  });
});

describe("laboratory names", () => {
  it.each([
    ["Acetylcodeine", "ACETYLCODEINE"],
    ["6-AC", "ACETYLCODEINE"],
    ["Papaverine", "PAPAVERINE"],
    ["NARCOTINE", "NOSCAPINE"],
    ["6-MAM", "MORPHINE_6MAM"],
    ["6 mam", "MORPHINE_6MAM"],
    ["6-Monoacetylmorphine", "MORPHINE_6MAM"],
    ["Opiates", "MORPHINE_6MAM"],
    ["EDDP", "METHADONE"],
    ["Benzoylecgonine", "COCAINE"],
    ["BZD", "BENZODIAZEPINES"],
    ["Methamphetamine", "AMPHETAMINES"],
    ["THC-COOH", "CANNABIS"],
    ["Ethyl glucuronide", "ALCOHOL_ETG"],
    ["EtG", "ALCOHOL_ETG"],
    ["morphine_6mam", "MORPHINE_6MAM"],
    ["other", "OTHER"],
  ])("reads %s as %s", (name, substance) => {
    expect(substanceFromLabName(name)).toBe(substance);
  });

  it("reads every one of the clinic's own codes", () => {
    for (const substance of SUBSTANCES) expect(substanceFromLabName(substance)).toBe(substance);
  });

  it.each(["heroin", "diamorphine", "opioids", "", "ketamine"])("does not guess at %j", (name) => {
    expect(substanceFromLabName(name)).toBeNull();
  });

  it.each([
    ["Positive", "POSITIVE"],
    ["POS", "POSITIVE"],
    ["+", "POSITIVE"],
    ["Detected", "POSITIVE"],
    ["negative", "NEGATIVE"],
    ["Neg", "NEGATIVE"],
    ["-", "NEGATIVE"],
    ["not  detected", "NEGATIVE"],
    ["None detected", "NEGATIVE"],
    ["equivocal", null],
    ["", null],
  ])("reads the result %j as %s", (text, result) => {
    expect(screenResultFromLab(text)).toBe(result);
  });
});
