import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatEnteredDate, parseEnteredDate, parseEnteredDateTime } from "@/domain/date-entry";

describe("dates typed in UK order", () => {
  it.each([
    ["30/11/2026", "2026-11-30"],
    ["01/02/2026", "2026-02-01"],
    ["1/2/2026", "2026-02-01"],
    [" 1/2/2026 ", "2026-02-01"],
    ["29/02/2024", "2024-02-29"],
    ["29/02/2000", "2000-02-29"],
    ["31/12/2025", "2025-12-31"],
    ["01/01/2026", "2026-01-01"],
    ["12/03/2026", "2026-03-12"],
    ["31/03/2026", "2026-03-31"],
    ["2026-11-30", "2026-11-30"],
    ["2024-02-29", "2024-02-29"],
    ["0001-01-01", "0001-01-01"],
  ])("reads %s as %s (day first)", (typed, date) => {
    expect(parseEnteredDate(typed)).toEqual({ ok: true, date });
  });

  it.each([
    ["31/02/2026", "There is no 31 February 2026: February 2026 has 28 days."],
    ["29/02/2025", "There is no 29 February 2025: February 2025 has 28 days."],
    ["29/02/2100", "There is no 29 February 2100: February 2100 has 28 days."],
    ["30/02/2024", "There is no 30 February 2024: February 2024 has 29 days."],
    ["31/04/2026", "There is no 31 April 2026: April 2026 has 30 days."],
    ["32/01/2026", "There is no 32 January 2026: January 2026 has 31 days."],
    ["00/01/2026", "There is no day 0: days start at 1."],
    ["12/13/2026", "There is no month 13: the month is 1 to 12."],
    ["11/00/2026", "There is no month 0: the month is 1 to 12."],
    ["01/01/0000", "There is no year 0000: check the year."],
    ["2026-02-30", "There is no 30 February 2026: February 2026 has 28 days."],
    ["2026-13-01", "There is no month 13: the month is 1 to 12."],
  ])("refuses the impossible date %s, saying why", (typed, message) => {
    expect(parseEnteredDate(typed)).toEqual({ ok: false, reason: "impossible", message });
  });

  it.each(["", "today", "30/11/26", "30-11-2026", "30.11.2026", "2026/11/30", "2026-1-1", "20261130", "30/11/2026 08:00", "３０/１１/２０２６", "30/11/2026\u0000", "+002026-01-01", "1/1/1/2026"])(
    "refuses %j as not a date, asking for dd/mm/yyyy",
    (typed) => {
      expect(parseEnteredDate(typed)).toEqual({ ok: false, reason: "format", message: "Use dd/mm/yyyy, for example 30/11/2026." });
    },
  );

  it("reads back every date it shows, in either order", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T00:00:00Z"), noInvalidDate: true }), (instant) => {
        const date = instant.toISOString().slice(0, 10);
        expect(parseEnteredDate(formatEnteredDate(date))).toEqual({ ok: true, date });
        expect(parseEnteredDate(date)).toEqual({ ok: true, date });
      }),
    );
  });

  it("shows a date day first", () => {
    expect(formatEnteredDate("2026-02-01")).toBe("01/02/2026");
  });
});

describe("dates and times typed in UK order", () => {
  it.each([
    ["30/11/2026 08:15", "2026-11-30", "08:15"],
    ["30/11/2026 8:15", "2026-11-30", "08:15"],
    ["  1/2/2026   23:59 ", "2026-02-01", "23:59"],
    ["2026-11-30T08:15", "2026-11-30", "08:15"],
    ["2026-11-30 00:00", "2026-11-30", "00:00"],
    ["29/03/2026 01:30", "2026-03-29", "01:30"],
  ])("reads %s", (typed, date, time) => {
    expect(parseEnteredDateTime(typed)).toEqual({ ok: true, date, time });
  });

  it.each([
    ["31/02/2026 08:00", "There is no 31 February 2026: February 2026 has 28 days."],
    ["30/11/2026 24:00", "There is no time 24:00: use the 24-hour clock, 00:00 to 23:59."],
    ["30/11/2026 08:60", "There is no time 08:60: use the 24-hour clock, 00:00 to 23:59."],
  ])("refuses the impossible %s, saying why", (typed, message) => {
    expect(parseEnteredDateTime(typed)).toEqual({ ok: false, reason: "impossible", message });
  });

  it.each(["", "30/11/2026", "08:15", "30/11/2026 8", "30/11/2026 08:15:00", "30-11-2026 08:15", "30/11/2026 8.15pm"])("refuses %j as not a date and time", (typed) => {
    expect(parseEnteredDateTime(typed)).toEqual({ ok: false, reason: "format", message: "Use dd/mm/yyyy hh:mm, for example 30/11/2026 08:15." });
  });
});
