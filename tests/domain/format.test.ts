import { describe, expect, it } from "vitest";
import { formatClinicDateTime, formatClinicDateTimeWithYear, formatLocalDate, isInCurrentWeek, weekStarting } from "@/domain/format";

const at = (iso: string) => new Date(iso);

describe("the clinic's week (Monday to Sunday)", () => {
  it.each([
    ["2026-11-30", "2026-11-30"], // a Monday
    ["2026-12-01", "2026-11-30"],
    ["2026-12-06", "2026-11-30"], // Sunday ends the week
    ["2026-12-07", "2026-12-07"],
    ["2026-01-01", "2025-12-29"], // a Thursday: the week began last year
    ["2024-03-01", "2024-02-26"], // over a leap day
    ["2026-03-29", "2026-03-23"], // clocks go forward
    ["2026-10-25", "2026-10-19"], // clocks go back
  ])("%s is in the week starting %s", (date, monday) => {
    expect(weekStarting(date)).toBe(monday);
  });
});

describe("dates carry their year unless they are this week", () => {
  // Tuesday 1 December 2026, 10:00 in London.
  const now = at("2026-12-01T10:00:00Z");

  it.each([
    ["this Monday", "2026-11-30T08:14:00Z", "Mon 30 Nov, 08:14"],
    ["earlier today", "2026-12-01T08:00:00Z", "Tue 1 Dec, 08:00"],
    ["later this week", "2026-12-06T22:59:00Z", "Sun 6 Dec, 22:59"],
    ["the Sunday before", "2026-11-29T23:59:00Z", "Sun 29 Nov 2026, 23:59"],
    ["the Monday after", "2026-12-07T00:00:00Z", "Mon 7 Dec 2026, 00:00"],
    ["the same date last year", "2025-11-30T08:14:00Z", "Sun 30 Nov 2025, 08:14"],
    ["the same date next year", "2027-12-01T10:00:00Z", "Wed 1 Dec 2027, 10:00"],
  ])("%s", (_, instant, shown) => {
    expect(formatClinicDateTime(at(instant), now)).toBe(shown);
  });

  it("decides the week on the clinic's clock, not UTC: Sunday 23:30 UTC in summer is Monday in London", () => {
    const monday = at("2026-06-08T09:00:00Z");
    expect(formatClinicDateTime(at("2026-06-07T23:30:00Z"), monday)).toBe("Mon 8 Jun, 00:30");
    expect(formatClinicDateTime(at("2026-06-07T22:30:00Z"), monday)).toBe("Sun 7 Jun 2026, 23:30");
  });

  it("reads a London week across the clocks going forward and back", () => {
    // Week of Monday 23 March 2026; BST starts Sunday 29 March at 01:00 UTC.
    const sunday = at("2026-03-29T12:00:00Z");
    expect(formatClinicDateTime(at("2026-03-23T00:30:00Z"), sunday)).toBe("Mon 23 Mar, 00:30");
    expect(formatClinicDateTime(at("2026-03-29T00:59:00Z"), sunday)).toBe("Sun 29 Mar, 00:59");
    expect(formatClinicDateTime(at("2026-03-29T01:00:00Z"), sunday)).toBe("Sun 29 Mar, 02:00");
    expect(formatClinicDateTime(at("2026-03-29T23:00:00Z"), sunday)).toBe("Mon 30 Mar 2026, 00:00");
    // Week of Monday 19 October 2026; GMT returns Sunday 25 October at 01:00 UTC.
    const monday = at("2026-10-19T08:00:00Z");
    expect(formatClinicDateTime(at("2026-10-18T23:00:00Z"), monday)).toBe("Mon 19 Oct, 00:00");
    expect(formatClinicDateTime(at("2026-10-18T22:59:00Z"), monday)).toBe("Sun 18 Oct 2026, 23:59");
    expect(formatClinicDateTime(at("2026-10-25T00:30:00Z"), monday)).toBe("Sun 25 Oct, 01:30");
    expect(formatClinicDateTime(at("2026-10-25T01:30:00Z"), monday)).toBe("Sun 25 Oct, 01:30");
    expect(formatClinicDateTime(at("2026-10-25T23:59:00Z"), monday)).toBe("Sun 25 Oct, 23:59");
    expect(formatClinicDateTime(at("2026-10-26T00:00:00Z"), monday)).toBe("Mon 26 Oct 2026, 00:00");
  });

  it("shows the year across New Year, even inside one Monday-to-Sunday week", () => {
    // Thursday 1 January 2026; the week began on Monday 29 December 2025.
    const newYearsDay = at("2026-01-01T12:00:00Z");
    expect(formatClinicDateTime(at("2025-12-31T23:59:00Z"), newYearsDay)).toBe("Wed 31 Dec 2025, 23:59");
    expect(formatClinicDateTime(at("2025-12-29T08:00:00Z"), newYearsDay)).toBe("Mon 29 Dec 2025, 08:00");
    expect(formatClinicDateTime(at("2026-01-01T00:00:00Z"), newYearsDay)).toBe("Thu 1 Jan, 00:00");
    expect(formatClinicDateTime(at("2026-01-04T23:59:00Z"), newYearsDay)).toBe("Sun 4 Jan, 23:59");
    // New Year's Eve: the next day is next year.
    expect(formatClinicDateTime(at("2026-01-01T08:00:00Z"), at("2025-12-31T12:00:00Z"))).toBe("Thu 1 Jan 2026, 08:00");
  });

  it("reads this week as the days from Monday to Sunday around now, for every day of a week", () => {
    const days = ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06"];
    for (const today of days) {
      const now = at(`${today}T12:00:00Z`);
      for (const day of days) expect(isInCurrentWeek(day, now)).toBe(true);
      expect(isInCurrentWeek("2026-11-29", now)).toBe(false);
      expect(isInCurrentWeek("2026-12-07", now)).toBe(false);
    }
  });

  it("uses the current instant when no now is given", () => {
    expect(formatClinicDateTime(at("2001-02-03T04:05:00Z"))).toBe("Sat 3 Feb 2001, 04:05");
    expect(formatClinicDateTime(new Date())).not.toMatch(/\d{4},/);
  });
});

describe("dates that always carry the year", () => {
  it("the register's dates and times", () => {
    expect(formatClinicDateTimeWithYear(at("2026-12-01T08:14:00Z"))).toBe("Tue 1 Dec 2026, 08:14");
    expect(formatClinicDateTimeWithYear(at("2026-07-01T08:14:00Z"))).toBe("Wed 1 Jul 2026, 09:14");
  });

  it("local dates (due dates, expiry, birth)", () => {
    expect(formatLocalDate("2025-11-30")).toBe("Sun 30 Nov 2025");
    expect(formatLocalDate("2024-02-29")).toBe("Thu 29 Feb 2024");
  });
});
