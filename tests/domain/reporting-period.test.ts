import { describe, expect, it } from "vitest";
import {
  comparisonEnds,
  defaultPeriod,
  isInProgress,
  nextPeriod,
  parseReportingPeriod,
  periodContaining,
  periodRefusal,
  periodTo,
  periodsToChoose,
  previousPeriod,
} from "@/domain/reporting-period";

describe("reporting periods", () => {
  it.each([
    ["2026-05", "month", "2026-05-01", "2026-05-31", "May 2026"],
    ["2024-02", "month", "2024-02-01", "2024-02-29", "Feb 2024"],
    ["FY2026-27-Q1", "quarter", "2026-04-01", "2026-06-30", "Q1 2026/27 (Apr to Jun 2026)"],
    ["FY2026-27-Q4", "quarter", "2027-01-01", "2027-03-31", "Q4 2026/27 (Jan to Mar 2027)"],
    ["FY2026-27", "year", "2026-04-01", "2027-03-31", "Financial year 2026/27 (Apr 2026 to Mar 2027)"],
    ["FY1999-00", "year", "1999-04-01", "2000-03-31", "Financial year 1999/00 (Apr 1999 to Mar 2000)"],
  ])("reads %s as a %s from %s to %s", (code, kind, from, end, label) => {
    expect(parseReportingPeriod(code)).toEqual({ kind, code, from, end, label });
  });

  it.each(["2026-13", "2026-00", "2026-5", "FY2026-28", "FY2026-27-Q5", "FY2026", "2026-05-01", "", "0000-01"])("refuses %j, which names no period", (code) => {
    expect(parseReportingPeriod(code)).toBeNull();
  });

  it.each([
    ["month", "2026-12-01", "2026-12"],
    ["quarter", "2026-03-31", "FY2025-26-Q4"],
    ["quarter", "2026-04-01", "FY2026-27-Q1"],
    ["quarter", "2026-12-01", "FY2026-27-Q3"],
    ["year", "2026-03-31", "FY2025-26"],
    ["year", "2026-04-01", "FY2026-27"],
  ] as const)("puts a %s around %s: %s", (kind, date, code) => {
    expect(periodContaining(kind, date).code).toBe(code);
  });

  it("steps to the adjacent periods of the same kind, across a year's end", () => {
    expect(previousPeriod(parseReportingPeriod("2026-01")!).code).toBe("2025-12");
    expect(nextPeriod(parseReportingPeriod("2025-12")!).code).toBe("2026-01");
    expect(previousPeriod(parseReportingPeriod("FY2026-27-Q1")!).code).toBe("FY2025-26-Q4");
    expect(nextPeriod(parseReportingPeriod("FY2025-26-Q4")!).code).toBe("FY2026-27-Q1");
    expect(nextPeriod(parseReportingPeriod("FY2025-26")!).code).toBe("FY2026-27");
  });

  describe("against today, in Europe/London", () => {
    const today = "2026-12-01";
    it("ends the period in progress today, and a finished one at its end", () => {
      const quarter = parseReportingPeriod("FY2026-27-Q3")!;
      expect(periodTo(quarter, today)).toBe(today);
      expect(isInProgress(quarter, today)).toBe(true);
      expect(periodTo(parseReportingPeriod("2026-11")!, today)).toBe("2026-11-30");
      expect(isInProgress(parseReportingPeriod("2026-11")!, today)).toBe(false);
    });

    it("refuses a period that has not started, naming the latest one that has", () => {
      expect(periodRefusal(parseReportingPeriod("2026-12")!, today)).toBeNull();
      expect(periodRefusal(parseReportingPeriod("2027-01")!, today)).toBe("Jan 2027 has not started yet: choose a period up to Dec 2026.");
      expect(periodRefusal(parseReportingPeriod("FY2027-28")!, today)).toBe(
        "Financial year 2027/28 (Apr 2027 to Mar 2028) has not started yet: choose a period up to Financial year 2026/27 (Apr 2026 to Mar 2027).",
      );
    });

    it("starts with the financial year in progress", () => {
      expect(defaultPeriod(today).code).toBe("FY2026-27");
    });

    it("lists every period from the first enrolment to today, newest first", () => {
      const choices = periodsToChoose("2025-11-20", today);
      expect(choices.year.map((p) => p.code)).toEqual(["FY2026-27", "FY2025-26"]);
      expect(choices.quarter.map((p) => p.code)).toEqual(["FY2026-27-Q3", "FY2026-27-Q2", "FY2026-27-Q1", "FY2025-26-Q4", "FY2025-26-Q3"]);
      expect(choices.month.map((p) => p.code)).toEqual([
        "2026-12", "2026-11", "2026-10", "2026-09", "2026-08", "2026-07", "2026-06", "2026-05", "2026-04", "2026-03", "2026-02", "2026-01", "2025-12", "2025-11",
      ]);
    });
  });
});

describe("the period ends a reader could set beside a period's", () => {
  const today = "2026-12-10";
  it.each([
    ["a finished month: the month ends either side", "2026-10", ["2026-09-30", "2026-11-30"]],
    ["the month before the one in progress: the next one as it stands today", "2026-11", ["2026-10-31", today]],
    ["a finished quarter: the quarters and the month ends either side", "FY2026-27-Q2", ["2026-06-30", "2026-08-31", "2026-10-31", today]],
    ["the quarter in progress: the last quarter, the last month end and yesterday", "FY2026-27-Q3", ["2026-09-30", "2026-11-30", "2026-12-09"]],
    ["a finished year", "FY2025-26", ["2025-03-31", "2026-02-28", "2026-04-30", today]],
  ])("%s", (_, code, ends) => {
    expect(comparisonEnds(parseReportingPeriod(code)!, today)).toEqual(ends);
  });
});
