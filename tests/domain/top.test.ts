import { describe, expect, it } from "vitest";
import { Prisma, Substance, TopStage } from "@/generated/prisma/client";
import { NDTMS_TOP_HEADER, ndtmsTopRow, type NdtmsTopRecord } from "@/domain/ndtms-top";
import { TOP_FIELDS, TOP_STAGES, topProblems, type TopAnswers } from "@/domain/top";
import { SUBSTANCES } from "@/domain/urine";

const NONE: TopAnswers = Object.fromEntries(TOP_FIELDS.map((f) => [f.name, f.kind === "yesNo" ? false : 0])) as TopAnswers;
const answers = (changes: Partial<TopAnswers>): TopAnswers => ({ ...NONE, ...changes });

describe("TOP definitions", () => {
  it("asks every TOP question the database stores, and no other", () => {
    const stored = Object.keys(Prisma.TopAssessmentScalarFieldEnum).filter(
      (name) => !["id", "participantId", "assessedOn", "stage", "recordedById", "createdAt"].includes(name),
    );
    expect(TOP_FIELDS.map((f) => f.name).sort()).toEqual(stored.sort());
  });

  it("uses the database's stages and substances", () => {
    expect([...TOP_STAGES]).toEqual(Object.values(TopStage));
    expect([...SUBSTANCES].sort()).toEqual(Object.values(Substance).sort());
  });
});

describe("topProblems", () => {
  it.each<[string, Partial<TopAnswers>, string[]]>([
    ["accepts no drinking and no units", { alcoholDays: 0, alcoholUnitsPerDay: 0 }, []],
    ["accepts drinking days with units", { alcoholDays: 3, alcoholUnitsPerDay: 1 }, []],
    ["refuses units without drinking days", { alcoholDays: 0, alcoholUnitsPerDay: 1 }, ["alcoholUnitsPerDay"]],
    ["refuses drinking days without units", { alcoholDays: 1, alcoholUnitsPerDay: 0 }, ["alcoholUnitsPerDay"]],
    ["accepts sharing needles on a day injected", { injectedDays: 1, sharedNeedles: true, sharedOtherEquipment: true }, []],
    ["refuses sharing needles without injecting", { injectedDays: 0, sharedNeedles: true }, ["sharedNeedles"]],
    ["refuses sharing other equipment without injecting", { injectedDays: 0, sharedOtherEquipment: true }, ["sharedOtherEquipment"]],
    ["accepts injecting without sharing", { injectedDays: 28 }, []],
  ])("%s", (_name, changes, fields) => {
    expect(topProblems(answers(changes)).map((p) => p.field)).toEqual(fields);
  });
});

describe("NDTMS TOP export mapping", () => {
  const record: NdtmsTopRecord = {
    reference: "HAT-0007",
    id: "top1",
    assessedOn: "2026-03-02",
    stage: "REVIEW",
    alcoholDays: 4,
    alcoholUnitsPerDay: 9,
    opiateDays: 2,
    crackDays: 3,
    cocaineDays: 5,
    amphetamineDays: 6,
    cannabisDays: 7,
    otherDrugDays: 8,
    injectedDays: 10,
    sharedNeedles: false,
    sharedOtherEquipment: true,
    shopliftingDays: 11,
    sellingDrugsDays: 12,
    theftBurglaryDays: 13,
    assaultDays: 14,
    psychologicalHealth: 15,
    physicalHealth: 16,
    qualityOfLife: 17,
    paidWorkDays: 18,
    educationDays: 19,
    acuteHousingProblem: true,
    riskOfEviction: false,
  };

  it("names the columns as NDTMS does", () => {
    expect(NDTMS_TOP_HEADER).toEqual([
      "CLIENTID", "TOPID", "TOPDATE", "TRSTAGE", "ALCUSE", "ALCUNITS", "OPIUSE", "CRAUSE", "COCAUSE", "AMPHUSE", "CANNUSE", "OTDRGUSE",
      "IVDRGUSE", "SHARING", "SHOTHEFT", "DRGSELL", "OTHTHEFT", "ASSAULT", "PSYHSTAT", "PWORK", "EDUCAT", "ACUTHPBM", "HRISK", "PHSTAT", "QUALLIFE",
    ]);
  });

  it("puts every answer under its NDTMS field, with Y/N and the stage code", () => {
    const row = Object.fromEntries(NDTMS_TOP_HEADER.map((column, i) => [column, ndtmsTopRow(record)[i]]));
    expect(row).toEqual({
      CLIENTID: "HAT-0007", TOPID: "top1", TOPDATE: "2026-03-02", TRSTAGE: "R", ALCUSE: 4, ALCUNITS: 9, OPIUSE: 2, CRAUSE: 3, COCAUSE: 5,
      AMPHUSE: 6, CANNUSE: 7, OTDRGUSE: 8, IVDRGUSE: 10, SHARING: "Y", SHOTHEFT: 11, DRGSELL: 12, OTHTHEFT: 13, ASSAULT: 14,
      PSYHSTAT: 15, PWORK: 18, EDUCAT: 19, ACUTHPBM: "Y", HRISK: "N", PHSTAT: 16, QUALLIFE: 17,
    });
  });

  it.each([
    [false, false, "N"],
    [true, false, "Y"],
    [false, true, "Y"],
  ])("reports SHARING from needles %s and other equipment %s as %s", (sharedNeedles, sharedOtherEquipment, expected) => {
    const row = ndtmsTopRow({ ...record, sharedNeedles, sharedOtherEquipment });
    expect(row[NDTMS_TOP_HEADER.indexOf("SHARING")]).toBe(expected);
  });

  it.each([
    ["START", "S"],
    ["REVIEW", "R"],
    ["EXIT", "E"],
  ] as const)("codes the %s stage as %s", (stage, code) => {
    expect(ndtmsTopRow({ ...record, stage })[NDTMS_TOP_HEADER.indexOf("TRSTAGE")]).toBe(code);
  });
});
