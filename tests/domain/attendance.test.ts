import { describe, expect, it } from "vitest";
import { attendance, attendanceByMonth } from "@/domain/attendance";
import type { SessionOutcome, SessionRecord } from "@/domain/missed-doses";

const rec = (date: string, slot: "AM" | "PM", outcome: SessionOutcome): SessionRecord => ({ date, slot, outcome });

describe("session attendance", () => {
  it.each([
    ["no records", [], { expected: 0, dosed: 0, rate: null }],
    ["only sessions on a break", [rec("2026-06-01", "AM", "NOT_EXPECTED"), rec("2026-06-01", "PM", "NOT_EXPECTED")], { expected: 0, dosed: 0, rate: null }],
    ["one dosed session", [rec("2026-06-01", "AM", "DOSED")], { expected: 1, dosed: 1, rate: 1 }],
    ["a partial dose, counted as dosed", [rec("2026-06-01", "AM", "PARTIAL"), rec("2026-06-01", "PM", "MISSED")], { expected: 2, dosed: 1, rate: 0.5 }],
    [
      "withheld and declined sessions, expected but not dosed",
      [rec("2026-06-01", "AM", "WITHHELD"), rec("2026-06-01", "PM", "DECLINED"), rec("2026-06-02", "AM", "DOSED"), rec("2026-06-02", "PM", "DOSED")],
      { expected: 4, dosed: 2, rate: 0.5 },
    ],
    [
      "break sessions left out of both figures",
      [rec("2026-06-01", "AM", "DOSED"), rec("2026-06-01", "PM", "NOT_EXPECTED"), rec("2026-06-02", "AM", "MISSED")],
      { expected: 2, dosed: 1, rate: 0.5 },
    ],
    ["only missed sessions", [rec("2026-06-01", "AM", "MISSED")], { expected: 1, dosed: 0, rate: 0 }],
  ])("counts %s", (_, records, expected) => {
    expect(attendance(records)).toEqual(expected);
  });

  it("reproduces a 98% attendance rate", () => {
    const records = Array.from({ length: 50 }, (_, i) => rec("2026-06-01", i % 2 ? "PM" : "AM", i === 0 ? "MISSED" : "DOSED"));
    expect(attendance(records).rate).toBeCloseTo(0.98, 10);
  });
});

describe("session attendance by month", () => {
  it("returns nothing for no records", () => {
    expect(attendanceByMonth([])).toEqual([]);
  });

  it("groups by the clinic's local month and sorts oldest first, across the year end", () => {
    const records = [
      rec("2027-01-01", "AM", "DOSED"),
      rec("2026-12-25", "AM", "DOSED"), // Christmas Day: an ordinary session
      rec("2026-12-25", "PM", "MISSED"),
      rec("2026-12-31", "PM", "DOSED"),
      rec("2026-11-30", "PM", "PARTIAL"),
    ];
    expect(attendanceByMonth(records)).toEqual([
      { month: "2026-11", expected: 1, dosed: 1, rate: 1 },
      { month: "2026-12", expected: 3, dosed: 2, rate: 2 / 3 },
      { month: "2027-01", expected: 1, dosed: 1, rate: 1 },
    ]);
  });

  it("keeps a month spent entirely on a break, with no rate", () => {
    const records = [rec("2026-03-31", "PM", "DOSED"), rec("2026-04-01", "AM", "NOT_EXPECTED"), rec("2026-05-01", "AM", "DOSED")];
    expect(attendanceByMonth(records)).toEqual([
      { month: "2026-03", expected: 1, dosed: 1, rate: 1 },
      { month: "2026-04", expected: 0, dosed: 0, rate: null },
      { month: "2026-05", expected: 1, dosed: 1, rate: 1 },
    ]);
  });

  it("agrees with the overall figures when the months are added up", () => {
    const outcomes: SessionOutcome[] = ["DOSED", "PARTIAL", "WITHHELD", "DECLINED", "MISSED", "NOT_EXPECTED"];
    const records = Array.from({ length: 120 }, (_, i) =>
      rec(`2026-${String(1 + (i % 12)).padStart(2, "0")}-15`, i % 2 ? "PM" : "AM", outcomes[i % outcomes.length] ?? "DOSED"),
    );
    const months = attendanceByMonth(records);
    const total = attendance(records);
    expect(months.reduce((sum, m) => sum + m.expected, 0)).toBe(total.expected);
    expect(months.reduce((sum, m) => sum + m.dosed, 0)).toBe(total.dosed);
  });
});
