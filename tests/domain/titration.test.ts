import { describe, expect, it } from "vitest";
import { clinicInstant } from "@/domain/clinic-time";
import { isInductionDay, isTitrating, stableDoseRefusal, titrationAfter } from "@/domain/titration";

const at = (date: string, time: string) => clinicInstant(date, time);

describe("isInductionDay", () => {
  it("is the induction day before any dose, and on the London calendar day of the first", () => {
    expect(isInductionDay(null, at("2026-03-10", "07:30"))).toBe(true);
    expect(isInductionDay(at("2026-03-10", "09:00"), at("2026-03-10", "23:59"))).toBe(true);
    expect(isInductionDay(at("2026-03-10", "09:00"), at("2026-03-11", "00:00"))).toBe(false);
  });

  it("counts days in London time across the clock change", () => {
    // 29 March 2026: BST starts at 01:00 UTC. 23:30 London on the 28th is 23:30 UTC.
    expect(isInductionDay(at("2026-03-28", "09:00"), at("2026-03-28", "23:30"))).toBe(true);
    expect(isInductionDay(at("2026-03-28", "09:00"), at("2026-03-29", "00:30"))).toBe(false);
  });
});

describe("isTitrating", () => {
  const from = at("2026-03-10", "07:30");
  it("titrates from the first prescription until the set number of days has passed", () => {
    expect(isTitrating({ titrationFrom: from, stableFrom: null }, at("2026-03-23", "07:29"), 14)).toBe(true);
    expect(isTitrating({ titrationFrom: from, stableFrom: null }, at("2026-03-24", "07:29"), 14)).toBe(true);
    expect(isTitrating({ titrationFrom: from, stableFrom: null }, at("2026-03-24", "07:30"), 14)).toBe(false);
  });

  it("ends at the stable dose, from the moment it starts", () => {
    const stableFrom = at("2026-03-12", "14:00");
    expect(isTitrating({ titrationFrom: from, stableFrom }, at("2026-03-12", "13:59"), 14)).toBe(true);
    expect(isTitrating({ titrationFrom: from, stableFrom }, stableFrom, 14)).toBe(false);
  });

  it("counts someone enrolled and not yet prescribed for as titrating", () => {
    expect(isTitrating({ titrationFrom: null, stableFrom: null }, from, 14)).toBe(true);
  });
});

describe("titrationAfter", () => {
  const stable = { titrationFrom: at("2026-01-05", "07:00"), stableFrom: at("2026-01-19", "07:00") };
  const startsAt = at("2026-03-10", "09:00");

  it("starts a titration at the first prescription and at a restart, forgetting the stable dose", () => {
    expect(titrationAfter({ titrationFrom: null, stableFrom: null }, { startsAt, first: true, restart: false, stableDose: false })).toEqual({ titrationFrom: startsAt, stableFrom: null });
    expect(titrationAfter(stable, { startsAt, first: false, restart: true, stableDose: false })).toEqual({ titrationFrom: startsAt, stableFrom: null });
  });

  it("ends it at a stable dose and otherwise leaves it as it is", () => {
    const titrating = { titrationFrom: at("2026-03-01", "07:00"), stableFrom: null };
    expect(titrationAfter(titrating, { startsAt, first: false, restart: false, stableDose: true })).toEqual({ titrationFrom: titrating.titrationFrom, stableFrom: startsAt });
    expect(titrationAfter(titrating, { startsAt, first: false, restart: false, stableDose: false })).toEqual(titrating);
    expect(titrationAfter(stable, { startsAt, first: false, restart: false, stableDose: false })).toEqual(stable);
  });
});

describe("stableDoseRefusal", () => {
  it("refuses a stable dose on the prescription that starts a titration", () => {
    expect(stableDoseRefusal({ first: true, restart: false, stableDose: true })).toMatch(/first prescription starts the titration/);
    expect(stableDoseRefusal({ first: false, restart: true, stableDose: true })).toMatch(/restart .* starts a new titration/);
    expect(stableDoseRefusal({ first: false, restart: false, stableDose: true })).toBeNull();
    expect(stableDoseRefusal({ first: true, restart: false, stableDose: false })).toBeNull();
  });
});
