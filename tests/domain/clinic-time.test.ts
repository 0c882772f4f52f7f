import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addLocalDays,
  clinicDate,
  clinicInstant,
  isLocalDate,
  latestOpenedSession,
  localDaysBetween,
  nextSession,
  openSessionAt,
  previousSession,
  sessionsBetween,
  sessionWindow,
  splitIntoMonths,
} from "@/domain/clinic-time";

describe("clinic time in Europe/London", () => {
  it.each([
    // [instant, clinic date]
    ["2026-06-30T23:30:00Z", "2026-07-01"], // BST: 00:30 local next day
    ["2026-12-31T23:30:00Z", "2026-12-31"], // GMT: still the 31st
    ["2026-03-29T00:59:59Z", "2026-03-29"],
    ["2026-10-24T23:00:00Z", "2026-10-25"], // BST midnight of the autumn-back day
  ])("puts %s on the clinic date %s", (instant, date) => {
    expect(clinicDate(new Date(instant))).toBe(date);
  });

  it.each([
    ["2026-01-15", "08:00", "2026-01-15T08:00:00.000Z"],
    ["2026-07-15", "08:00", "2026-07-15T07:00:00.000Z"],
    ["2026-03-29", "08:00", "2026-03-29T07:00:00.000Z"], // spring forward at 01:00 GMT
    ["2026-10-25", "08:00", "2026-10-25T08:00:00.000Z"], // autumn back at 02:00 BST
    ["2026-12-25", "15:00", "2026-12-25T15:00:00.000Z"],
  ])("places %s %s local at %s", (date, time, iso) => {
    expect(clinicInstant(date, time).toISOString()).toBe(iso);
  });

  it("answers a local time asked again from memory, as a new Date its caller may change", () => {
    const first = clinicInstant("2026-07-15", "08:00");
    first.setTime(0);
    expect(clinicInstant("2026-07-15", "08:00").toISOString()).toBe("2026-07-15T07:00:00.000Z");
    expect(clinicInstant("2026-07-15", "08:00")).not.toBe(clinicInstant("2026-07-15", "08:00"));
    expect(clinicInstant("2026-07-15", "08:00", "America/New_York").toISOString()).toBe("2026-07-15T12:00:00.000Z");
  });

  it("keeps every session window three hours long across both DST changes", () => {
    for (const date of ["2026-03-28", "2026-03-29", "2026-03-30", "2026-10-24", "2026-10-25", "2026-10-26"]) {
      for (const slot of ["AM", "PM"] as const) {
        const { opensAt, closesAt } = sessionWindow({ date, slot });
        expect(closesAt.getTime() - opensAt.getTime()).toBe(3 * 3_600_000);
      }
    }
  });

  it("has exactly two sessions on the spring-forward, autumn-back and Christmas days", () => {
    for (const date of ["2026-03-29", "2026-10-25", "2026-12-25"]) {
      expect(sessionsBetween(date, date)).toEqual([
        { date, slot: "AM" },
        { date, slot: "PM" },
      ]);
    }
    expect(sessionsBetween("2026-10-24", "2026-10-26")).toHaveLength(6);
  });

  it.each([
    ["2026-03-29T06:59:59Z", null],
    ["2026-03-29T07:00:00Z", { date: "2026-03-29", slot: "AM" }],
    ["2026-03-29T09:59:59Z", { date: "2026-03-29", slot: "AM" }],
    ["2026-03-29T10:00:00Z", null],
    ["2026-10-25T07:30:00Z", null], // 07:30 GMT: before the AM window on the autumn-back day
    ["2026-10-25T08:00:00Z", { date: "2026-10-25", slot: "AM" }],
    ["2026-12-25T15:00:00Z", { date: "2026-12-25", slot: "PM" }],
    ["2026-12-25T17:59:00Z", { date: "2026-12-25", slot: "PM" }],
    ["2026-12-25T18:00:00Z", null],
  ])("finds the open session at %s", (instant, expected) => {
    expect(openSessionAt(new Date(instant))).toEqual(expected);
  });

  it.each([
    ["2026-07-01T06:59:59Z", { date: "2026-06-30", slot: "PM" }], // 07:59 BST: yesterday's PM is the latest
    ["2026-07-01T07:00:00Z", { date: "2026-07-01", slot: "AM" }], // 08:00 BST: AM opens
    ["2026-07-01T13:59:59Z", { date: "2026-07-01", slot: "AM" }], // 14:59 BST: AM closed, PM not yet open
    ["2026-07-01T14:00:00Z", { date: "2026-07-01", slot: "PM" }],
    ["2026-07-01T22:59:59Z", { date: "2026-07-01", slot: "PM" }], // 23:59 BST
    ["2026-03-29T06:59:59Z", { date: "2026-03-28", slot: "PM" }], // spring-forward day, 07:59 BST
    ["2026-03-29T07:00:00Z", { date: "2026-03-29", slot: "AM" }],
    ["2026-10-25T07:59:59Z", { date: "2026-10-24", slot: "PM" }], // autumn-back day, 07:59 GMT
    ["2026-10-25T08:00:00Z", { date: "2026-10-25", slot: "AM" }],
    ["2026-12-25T15:00:00Z", { date: "2026-12-25", slot: "PM" }], // Christmas Day: sessions as usual
  ])("finds the latest session opened by %s", (instant, expected) => {
    expect(latestOpenedSession(new Date(instant))).toEqual(expected);
  });

  it("steps to the next and previous session, across the end of a year", () => {
    expect(nextSession({ date: "2026-12-31", slot: "AM" })).toEqual({ date: "2026-12-31", slot: "PM" });
    expect(nextSession({ date: "2026-12-31", slot: "PM" })).toEqual({ date: "2027-01-01", slot: "AM" });
    expect(previousSession({ date: "2027-01-01", slot: "AM" })).toEqual({ date: "2026-12-31", slot: "PM" });
    expect(previousSession({ date: "2027-01-01", slot: "PM" })).toEqual({ date: "2027-01-01", slot: "AM" });
  });

  it("adds calendar days without DST drift", () => {
    expect(addLocalDays("2026-03-28", 1)).toBe("2026-03-29");
    expect(addLocalDays("2026-03-29", 1)).toBe("2026-03-30");
    expect(addLocalDays("2026-10-25", 1)).toBe("2026-10-26");
    expect(addLocalDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addLocalDays("2026-01-01", -1)).toBe("2025-12-31");
    expect(localDaysBetween("2026-03-01", "2026-04-01")).toBe(31);
  });

  it.each([
    ["2026-02-29", false],
    ["2024-02-29", true],
    ["2026-13-01", false],
    ["26-01-01", false],
    ["2026-01-01", true],
    // PostgreSQL's date has no year 0.
    ["0000-01-01", false],
    ["0001-01-01", true],
  ])("knows whether %s is a real date", (value, ok) => {
    expect(isLocalDate(value)).toBe(ok);
  });
});

describe("splitting a period into whole and part months", () => {
  it.each([
    ["2025-04-01", "2026-03-31", { whole: { first: "2025-04-01", last: "2026-03-01" }, partial: [] }],
    ["2025-11-24", "2026-11-23", { whole: { first: "2025-12-01", last: "2026-10-01" }, partial: [["2025-11-24", "2025-11-30"], ["2026-11-01", "2026-11-23"]] }],
    ["2024-02-01", "2024-02-29", { whole: { first: "2024-02-01", last: "2024-02-01" }, partial: [] }],
    ["2024-02-01", "2024-02-28", { whole: null, partial: [["2024-02-01", "2024-02-28"]] }],
    ["2026-03-05", "2026-04-10", { whole: null, partial: [["2026-03-05", "2026-04-10"]] }],
    ["2026-01-31", "2026-03-01", { whole: { first: "2026-02-01", last: "2026-02-01" }, partial: [["2026-01-31", "2026-01-31"], ["2026-03-01", "2026-03-01"]] }],
    ["2026-05-02", "2026-05-01", { whole: null, partial: [] }],
  ])("splits %s to %s", (from, to, expected) => {
    expect(splitIntoMonths(from, to)).toEqual(expected);
  });

  it("covers every day of the period exactly once", () => {
    const day = fc.integer({ min: 0, max: 1500 }).map((n) => addLocalDays("2023-01-01", n));
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 500 }), (from, length) => {
        const to = addLocalDays(from, length);
        const { whole, partial } = splitIntoMonths(from, to);
        const covered: string[] = partial.flatMap(([a, b]) => Array.from({ length: localDaysBetween(a, b) + 1 }, (_, i) => addLocalDays(a, i)));
        if (whole) {
          for (let d = whole.first; d.slice(0, 7) <= whole.last.slice(0, 7); d = addLocalDays(d, 1)) covered.push(d);
        }
        const expected = Array.from({ length: length + 1 }, (_, i) => addLocalDays(from, i));
        expect(covered.sort()).toEqual(expected);
      }),
    );
  });
});
