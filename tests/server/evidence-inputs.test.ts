import { describe, expect, it } from "vitest";
import { addLocalDays, clinicDate } from "@/domain/clinic-time";
import { TOP_FIELDS, TOP_RANGES } from "@/domain/top";
import { SUBSTANCES } from "@/domain/urine";
import { SaveCostAssumptionsInput, SaveFundingLineInput } from "@/server/funding.input";
import { ImportCsvInput } from "@/server/imports.input";
import { RecordOffenceInput } from "@/server/offences.input";
import { RecordTopInput } from "@/server/top-assessments.input";
import { RecordUrineScreenInput } from "@/server/urine-screens.input";

/** Every range and required field of the evidence forms, at and either side of each limit. */

const today = clinicDate(new Date());
const errorsOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));

describe("TOP input", () => {
  const blank = Object.fromEntries(TOP_FIELDS.map((f) => [f.name, f.kind === "yesNo" ? "no" : "0"]));
  const base = { participantId: "p1", assessedOn: today, stage: "START", ...blank };
  /** Sets one answer, keeping alcohol days and units consistent so only the range is tested. */
  const withAnswer = (name: string, value: string | undefined): Record<string, string | undefined> => {
    const input: Record<string, string | undefined> = { ...base, [name]: value };
    if (name === "alcoholDays") input.alcoholUnitsPerDay = Number(value) > 0 ? "1" : "0";
    if (name === "alcoholUnitsPerDay") input.alcoholDays = Number(value) > 0 ? "1" : "0";
    return input;
  };

  const numeric = TOP_FIELDS.filter((f) => f.kind !== "yesNo").map((f) => [f.name, TOP_RANGES[f.kind as keyof typeof TOP_RANGES]] as const);
  const yesNo = TOP_FIELDS.filter((f) => f.kind === "yesNo").map((f) => f.name);

  it("accepts a complete TOP of zeros and noes", () => {
    expect(RecordTopInput.safeParse(base).success).toBe(true);
  });

  describe.each(numeric)("%s", (name, range) => {
    it.each([
      [String(range.min), true],
      [String(range.min + 1), true],
      [String(range.max - 1), true],
      [String(range.max), true],
      [String(range.min - 1), false],
      [String(range.max + 1), false],
      ["1.5", false],
      ["many", false],
      [undefined, false],
    ])("%s → accepted %s", (value, accepted) => {
      const result = RecordTopInput.safeParse(withAnswer(name, value));
      expect(result.success).toBe(accepted);
      if (!accepted) expect(Object.keys(errorsOf(result))).toEqual([name]);
    });
  });

  describe.each(yesNo)("%s", (name) => {
    it.each([
      ["yes", true],
      ["no", true],
      ["maybe", false],
      [undefined, false],
    ])("%s → accepted %s", (value, accepted) => {
      const input = { ...base, [name]: value, injectedDays: "1" };
      const result = RecordTopInput.safeParse(input);
      expect(result.success).toBe(accepted);
      if (!accepted) expect(errorsOf(result)[name]).toBe("Choose yes or no.");
    });
  });

  it.each([
    ["participantId", undefined],
    ["assessedOn", undefined],
    ["assessedOn", "2026-02-30"],
    ["assessedOn", addLocalDays(today, 1)],
    ["stage", undefined],
    ["stage", "FOLLOW_UP"],
  ])("refuses %s of %j", (field, value) => {
    expect(Object.keys(errorsOf(RecordTopInput.safeParse({ ...base, [field]: value })))).toEqual([field]);
  });
});

describe("urine screen input", () => {
  const results = Object.fromEntries(SUBSTANCES.map((s) => [`results.${s}`, "NEGATIVE"]));
  const base = { participantId: "p1", collectedOn: today, sampleType: "URINE", supervised: "no", ...results };

  it("gathers the results by substance", () => {
    const parsed = RecordUrineScreenInput.parse({ ...base, "results.COCAINE": "POSITIVE" });
    expect(parsed.results.COCAINE).toBe("POSITIVE");
    expect(parsed.results.ACETYLCODEINE).toBe("NEGATIVE");
    expect(parsed.supervised).toBe(false);
  });

  it.each(SUBSTANCES)("requires a result for %s", (substance) => {
    expect(errorsOf(RecordUrineScreenInput.safeParse({ ...base, [`results.${substance}`]: undefined }))).toEqual({
      [`results.${substance}`]: "Choose positive or negative.",
    });
  });

  it.each([
    ["participantId", undefined],
    ["collectedOn", undefined],
    ["collectedOn", addLocalDays(today, 1)],
    ["sampleType", "BLOOD"],
    ["supervised", undefined],
    ["results.OTHER", "MAYBE"],
  ])("refuses %s of %j", (field, value) => {
    expect(Object.keys(errorsOf(RecordUrineScreenInput.safeParse({ ...base, [field]: value })))).toEqual([field]);
  });
});

describe("offence input", () => {
  const base = { participantId: "p1", offenceDate: today, offenceType: "Shoplifting", severityScore: "0" };

  it.each([
    ["severityScore", "0", true],
    ["severityScore", "36500", true],
    ["severityScore", "-1", false],
    ["severityScore", "36501", false],
    ["severityScore", undefined, false],
    ["offenceType", undefined, false],
    ["offenceType", "x".repeat(201), false],
    ["offenceDate", addLocalDays(today, 1), false],
    ["offenceDate", undefined, false],
    ["participantId", undefined, false],
  ])("%s of %j → accepted %s", (field, value, accepted) => {
    const result = RecordOffenceInput.safeParse({ ...base, [field]: value });
    expect(result.success).toBe(accepted);
    if (!accepted) expect(Object.keys(errorsOf(result))).toEqual([field]);
  });
});

describe("import input", () => {
  const csv = (text: string) => new File([text], "extract.csv", { type: "text/csv" });

  it.each([
    [{ kind: "offences", file: csv("reference\n") }, []],
    [{ kind: "urine", file: csv("reference\n") }, []],
    [{ kind: "lab", file: csv("x") }, ["kind"]],
    [{ kind: "offences" }, ["file"]],
    [{ kind: "offences", file: "reference,date" }, ["file"]],
    [{ kind: "offences", file: csv("") }, ["file"]],
    [{ kind: "offences", file: new File([new Uint8Array(1_000_001)], "big.csv") }, ["file"]],
  ])("checks %o", (input, fields) => {
    expect(Object.keys(errorsOf(ImportCsvInput.safeParse(input)))).toEqual(fields);
  });
});

describe("funding input", () => {
  const base = { financialYear: "2019", kind: "FUNDING", source: "Office of the  Police and Crime Commissioner", amount: "£131,287" };

  it("reads the amount into pence and single-spaces the source", () => {
    expect(SaveFundingLineInput.parse(base)).toMatchObject({ financialYear: 2019, amount: 13_128_700, source: "Office of the Police and Crime Commissioner" });
  });

  it.each([
    ["financialYear", "1999"],
    ["financialYear", "2101"],
    ["kind", "GRANT"],
    ["source", ""],
    ["amount", "-5"],
    ["amount", "12.345"],
    ["amount", undefined],
  ])("refuses %s of %j", (field, value) => {
    expect(Object.keys(errorsOf(SaveFundingLineInput.safeParse({ ...base, [field]: value })))).toEqual([field]);
  });

  it("requires a reason for changing the cost assumptions", () => {
    const result = SaveCostAssumptionsInput.safeParse({ costPerOffence: "3912", basis: "Home Office unit costs" });
    expect(Object.keys(errorsOf(result))).toEqual(["reason"]);
  });
});
