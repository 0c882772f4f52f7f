import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addLocalDays } from "@/domain/clinic-time";
import { DEFAULT_STOCK_CHECK_INTERVAL_DAYS, describeStockCheckDue, stockCheckDue, type BatchCountHistory, type StockCheckDue } from "@/domain/stock-checks";

const batch = (name: string, fields: Partial<BatchCountHistory> = {}): BatchCountHistory => ({ batch: name, balance: 10, receivedOn: "2026-11-01", lastCountedOn: null, ...fields });

describe("when the next stock check is due", () => {
  it("is weekly by default", () => {
    expect(DEFAULT_STOCK_CHECK_INTERVAL_DAYS).toBe(7);
  });

  it.each([
    // [last counted, today, status, days overdue]
    ["2026-11-23", "2026-11-24", "notDue", 0],
    ["2026-11-23", "2026-11-29", "notDue", 0],
    ["2026-11-23", "2026-11-30", "dueToday", 0],
    ["2026-11-23", "2026-12-01", "overdue", 1],
    ["2026-11-23", "2026-12-07", "overdue", 7],
    ["2026-11-30", "2026-11-30", "notDue", 0],
  ] as const)("counted %s, on %s: %s", (lastCountedOn, today, status, daysOverdue) => {
    expect(stockCheckDue([batch("B1", { lastCountedOn })], 7, today)).toEqual({ status, dueOn: addLocalDays(lastCountedOn, 7), daysOverdue, batchesDue: ["B1"] });
  });

  it("counts from the receipt for a batch never counted", () => {
    expect(stockCheckDue([batch("B1", { receivedOn: "2026-11-20" })], 7, "2026-11-27")).toMatchObject({ status: "dueToday", dueOn: "2026-11-27" });
    expect(stockCheckDue([batch("B1", { receivedOn: "2026-11-20" })], 7, "2026-11-28")).toMatchObject({ status: "overdue", daysOverdue: 1 });
  });

  it("is due when the batch counted longest ago is due, and names the batches due by then", () => {
    const batches = [batch("B2", { lastCountedOn: "2026-11-25" }), batch("B1", { lastCountedOn: "2026-11-20" }), batch("B3", { receivedOn: "2026-11-29" })];
    expect(stockCheckDue(batches, 7, "2026-11-26")).toEqual({ status: "notDue", dueOn: "2026-11-27", daysOverdue: 0, batchesDue: ["B1"] });
    expect(stockCheckDue(batches, 7, "2026-12-02")).toEqual({ status: "overdue", dueOn: "2026-11-27", daysOverdue: 5, batchesDue: ["B1", "B2"] });
    expect(stockCheckDue(batches, 7, "2026-12-06")).toEqual({ status: "overdue", dueOn: "2026-11-27", daysOverdue: 9, batchesDue: ["B1", "B2", "B3"] });
  });

  it("leaves out batches with nothing left, and has nothing to count without stock", () => {
    expect(stockCheckDue([batch("OLD", { balance: 0, receivedOn: "2020-01-01" }), batch("B1", { lastCountedOn: "2026-11-29" })], 7, "2026-11-30")).toMatchObject({ status: "notDue", batchesDue: ["B1"] });
    expect(stockCheckDue([batch("OLD", { balance: 0 })], 7, "2026-11-30")).toEqual({ status: "nothingToCount" });
    expect(stockCheckDue([], 7, "2026-11-30")).toEqual({ status: "nothingToCount" });
  });

  it("uses the clinic's interval: daily, fortnightly, monthly", () => {
    expect(stockCheckDue([batch("B1", { lastCountedOn: "2026-11-29" })], 1, "2026-11-30")).toMatchObject({ status: "dueToday" });
    expect(stockCheckDue([batch("B1", { lastCountedOn: "2026-11-29" })], 14, "2026-12-13")).toMatchObject({ status: "dueToday" });
    expect(stockCheckDue([batch("B1", { lastCountedOn: "2026-11-29" })], 28, "2026-12-28")).toMatchObject({ status: "overdue", daysOverdue: 1 });
  });

  it("counts calendar days across the clocks changing and the year's end", () => {
    expect(stockCheckDue([batch("B1", { lastCountedOn: "2026-03-25" })], 7, "2026-04-01")).toMatchObject({ status: "dueToday" });
    expect(stockCheckDue([batch("B1", { lastCountedOn: "2026-10-22" })], 7, "2026-10-29")).toMatchObject({ status: "dueToday" });
    expect(stockCheckDue([batch("B1", { lastCountedOn: "2026-12-28" })], 7, "2027-01-04")).toMatchObject({ status: "dueToday", dueOn: "2027-01-04" });
    expect(stockCheckDue([batch("B1", { lastCountedOn: "2024-02-26" })], 7, "2024-03-04")).toMatchObject({ status: "dueToday" });
  });

  it("refuses an interval that is not a whole number of days", () => {
    for (const interval of [0, -7, 1.5, Number.NaN]) expect(() => stockCheckDue([batch("B1")], interval, "2026-11-30")).toThrow(RangeError);
  });

  it("is overdue exactly when some batch holding stock was last counted (or received) more than the interval ago", () => {
    const day = fc.integer({ min: 0, max: 400 }).map((n) => addLocalDays("2026-01-01", n));
    const history = fc.record({ batch: fc.constantFrom("A", "B", "C", "D"), balance: fc.integer({ min: 0, max: 3 }), receivedOn: day, lastCountedOn: fc.option(day, { nil: null }) });
    fc.assert(
      fc.property(fc.array(history, { maxLength: 6 }), fc.integer({ min: 1, max: 31 }), day, (batches, interval, today) => {
        const due = stockCheckDue(batches, interval, today);
        const late = batches.some((b) => b.balance > 0 && addLocalDays(b.lastCountedOn ?? b.receivedOn, interval) < today);
        expect(due.status === "overdue").toBe(late);
        expect(due.status === "nothingToCount").toBe(batches.every((b) => b.balance <= 0));
      }),
    );
  });
});

describe("the due date in words", () => {
  it.each<[StockCheckDue, string]>([
    [{ status: "nothingToCount" }, "No stock to count"],
    [{ status: "notDue", dueOn: "2026-12-07", daysOverdue: 0, batchesDue: ["B1"] }, "Next stock check due Mon 7 Dec 2026"],
    [{ status: "dueToday", dueOn: "2026-12-01", daysOverdue: 0, batchesDue: ["B1"] }, "Stock check due today: batch B1"],
    [{ status: "overdue", dueOn: "2026-11-30", daysOverdue: 1, batchesDue: ["B1", "B2"] }, "Stock check overdue by 1 day (due Mon 30 Nov 2026): batches B1, B2"],
    [{ status: "overdue", dueOn: "2025-12-29", daysOverdue: 3, batchesDue: ["B1"] }, "Stock check overdue by 3 days (due Mon 29 Dec 2025): batch B1"],
  ])("%j reads %j", (due, words) => {
    expect(describeStockCheckDue(due)).toBe(words);
  });
});
