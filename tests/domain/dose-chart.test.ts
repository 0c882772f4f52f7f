import { describe, expect, it } from "vitest";
import { clinicInstant, DEFAULT_SESSION_WINDOWS as windows, type LocalDate } from "@/domain/clinic-time";
import { doseChartData, doseChartRange, sessionSummary, type ChartPrescription, type ChartSession } from "@/domain/dose-chart";

const version = (date: LocalDate, amDoseMg: number, pmDoseMg: number, time = "07:00"): ChartPrescription => ({ startsAt: clinicInstant(date, time), amDoseMg, pmDoseMg });
const dosed = (date: LocalDate, slot: "AM" | "PM", givenMg: number, time = slot === "AM" ? "09:00" : "16:00"): ChartSession => ({
  date,
  slot,
  outcome: "DOSED",
  givenMg,
  administeredAt: clinicInstant(date, time),
});
const notGiven = (date: LocalDate, slot: "AM" | "PM", outcome: "MISSED" | "WITHHELD" | "DECLINED"): ChartSession => ({ date, slot, outcome, givenMg: outcome === "WITHHELD" ? 0 : null, administeredAt: null });

describe("doseChartRange", () => {
  it("is nothing without a prescription", () => {
    expect(doseChartRange([], "2026-03-10")).toBeNull();
  });

  it("starts at the first prescription when it is within the last twelve weeks", () => {
    expect(doseChartRange([version("2026-02-17", 30, 30), version("2026-02-18", 60, 60)], "2026-03-10")).toEqual({ from: "2026-02-17", to: "2026-03-10" });
  });

  it("looks back twelve weeks (84 days, today included) at most", () => {
    expect(doseChartRange([version("2025-01-01", 100, 100)], "2026-03-10")).toEqual({ from: "2025-12-17", to: "2026-03-10" });
    expect(doseChartRange([version("2025-12-17", 100, 100)], "2026-03-10")).toEqual({ from: "2025-12-17", to: "2026-03-10" });
    expect(doseChartRange([version("2025-12-16", 100, 100)], "2026-03-10")).toEqual({ from: "2025-12-17", to: "2026-03-10" });
  });

  it("runs to a version already written for a later session", () => {
    expect(doseChartRange([version("2026-03-01", 100, 100), version("2026-03-11", 120, 120)], "2026-03-10")).toEqual({ from: "2026-03-01", to: "2026-03-11" });
  });
});

describe("doseChartData: the prescribed steps", () => {
  const range = { from: "2026-01-05", to: "2026-03-29" };

  it("places each version at its start, to scale: three weeks of titration take a quarter of twelve weeks", () => {
    const titration = ["2026-03-09", "2026-03-10", "2026-03-12", "2026-03-14", "2026-03-17", "2026-03-19", "2026-03-21", "2026-03-24", "2026-03-29"].map((d, i) => version(d, 30 + 10 * i, 30 + 10 * i));
    const data = doseChartData([version("2025-11-01", 20, 20), ...titration], [], range, windows);
    const [start, end] = data.domain;
    expect(start).toBe(clinicInstant("2026-01-05", "00:00").getTime());
    expect(end).toBe(clinicInstant("2026-03-30", "00:00").getTime() - 1);
    expect(data.prescribed.slice(1, 10).map((p) => p.t)).toEqual(titration.map((p) => p.startsAt.getTime()));
    const share = (titration[8]!.startsAt.getTime() - titration[0]!.startsAt.getTime()) / (end - start);
    expect(share).toBeCloseTo(20 / 84, 2);
  });

  it("starts with the version in force at the start of the range, and runs the last to its end", () => {
    const data = doseChartData([version("2025-11-01", 20, 25), version("2026-02-01", 100, 120), version("2025-12-01", 50, 60)], [], range, windows);
    expect(data.prescribed).toEqual([
      { t: data.domain[0], am: 50, pm: 60 },
      { t: clinicInstant("2026-02-01", "07:00").getTime(), am: 100, pm: 120 },
      { t: data.domain[1], am: 100, pm: 120 },
    ]);
  });

  it("starts at the first version when it begins inside the range", () => {
    const data = doseChartData([version("2026-03-20", 30, 30)], [], range, windows);
    expect(data.prescribed.map((p) => p.t)).toEqual([clinicInstant("2026-03-20", "07:00").getTime(), data.domain[1]]);
  });

  it("draws a version starting at the last instant of the range once", () => {
    const last = { startsAt: new Date(clinicInstant("2026-03-30", "00:00").getTime() - 1), amDoseMg: 40, pmDoseMg: 40 };
    const data = doseChartData([version("2026-03-20", 30, 30), last], [], range, windows);
    expect(data.prescribed).toEqual([
      { t: clinicInstant("2026-03-20", "07:00").getTime(), am: 30, pm: 30 },
      { t: data.domain[1], am: 40, pm: 40 },
    ]);
  });
});

describe("doseChartData: the sessions", () => {
  const range = { from: "2026-03-09", to: "2026-03-11" };
  const prescriptions = [version("2026-03-01", 100, 120), version("2026-03-10", 110, 130, "12:00")];

  it("shows doses given at what was given, partial doses at the part given, and doses not given at 0 mg", () => {
    const sessions: ChartSession[] = [
      dosed("2026-03-09", "AM", 100),
      { ...dosed("2026-03-09", "PM", 80), outcome: "PARTIAL" },
      notGiven("2026-03-10", "AM", "MISSED"),
      notGiven("2026-03-10", "PM", "WITHHELD"),
      notGiven("2026-03-11", "AM", "DECLINED"),
    ];
    const data = doseChartData(prescriptions, sessions, range, windows);
    expect(data.given.map(({ mg, outcome, slot }) => ({ mg, outcome, slot }))).toEqual([
      { mg: 100, outcome: "DOSED", slot: "AM" },
      { mg: 80, outcome: "PARTIAL", slot: "PM" },
      { mg: 0, outcome: "MISSED", slot: "AM" },
      { mg: 0, outcome: "WITHHELD", slot: "PM" },
      { mg: 0, outcome: "DECLINED", slot: "AM" },
    ]);
    expect(data.given.map((g) => g.t)).toEqual([
      clinicInstant("2026-03-09", "09:00").getTime(),
      clinicInstant("2026-03-09", "16:00").getTime(),
      clinicInstant("2026-03-10", "11:00").getTime(),
      clinicInstant("2026-03-10", "18:00").getTime(),
      clinicInstant("2026-03-11", "11:00").getTime(),
    ]);
    expect(data.given[1]!.label).toBe("Mon 9 Mar 2026 PM: partial dose, 80 mg of 120 mg prescribed");
  });

  it("lists the same sessions newest first, each with the dose prescribed for it then", () => {
    const sessions = [dosed("2026-03-10", "PM", 130), dosed("2026-03-10", "AM", 100), notGiven("2026-03-11", "AM", "MISSED")];
    expect(doseChartData(prescriptions, sessions, range, windows).rows).toEqual([
      { date: "2026-03-11", slot: "AM", prescribedMg: 110, givenMg: null, outcome: "MISSED" },
      { date: "2026-03-10", slot: "PM", prescribedMg: 130, givenMg: 130, outcome: "DOSED" },
      // The new version started at noon: the morning's dose was given under the old one.
      { date: "2026-03-10", slot: "AM", prescribedMg: 100, givenMg: 100, outcome: "DOSED" },
    ]);
  });

  it("leaves out sessions outside the range", () => {
    const data = doseChartData(prescriptions, [dosed("2026-03-08", "PM", 120), dosed("2026-03-12", "AM", 110), dosed("2026-03-11", "PM", 130)], range, windows);
    expect(data.rows.map((r) => r.date)).toEqual(["2026-03-11"]);
    expect(data.given).toHaveLength(1);
  });

  it("has no prescribed dose for a session before the first prescription", () => {
    const data = doseChartData([version("2026-03-10", 30, 30)], [notGiven("2026-03-09", "PM", "MISSED")], range, windows);
    expect(data.rows).toEqual([{ date: "2026-03-09", slot: "PM", prescribedMg: null, givenMg: null, outcome: "MISSED" }]);
  });
});

describe("doseChartData: the time axis", () => {
  it("has a tick a day for a fortnight or less, at the clinic's midnight", () => {
    const data = doseChartData([version("2026-03-25", 30, 30)], [], { from: "2026-03-25", to: "2026-04-07" }, windows);
    expect(data.ticks).toHaveLength(14);
    expect(data.ticks[0]).toEqual({ t: clinicInstant("2026-03-25", "00:00").getTime(), label: "25 Mar 2026" });
    // Summer time begins on 29 March: midnight is 23:00 UTC from then.
    expect(data.ticks[5]).toEqual({ t: Date.parse("2026-03-29T23:00:00Z"), label: "30 Mar" });
  });

  it("has a tick a week for a longer range, the year on the first tick and where it changes", () => {
    const data = doseChartData([version("2025-12-01", 30, 30)], [], { from: "2025-12-17", to: "2026-03-10" }, windows);
    expect(data.ticks.map((t) => t.label)).toEqual(["17 Dec 2025", "24 Dec", "31 Dec", "7 Jan 2026", "14 Jan", "21 Jan", "28 Jan", "4 Feb", "11 Feb", "18 Feb", "25 Feb", "4 Mar"]);
  });
});

describe("sessionSummary", () => {
  it.each([
    [{ date: "2026-03-10", slot: "AM", prescribedMg: 100, givenMg: 100, outcome: "DOSED" }, "Tue 10 Mar 2026 AM: given, 100 mg of 100 mg prescribed"],
    [{ date: "2026-03-10", slot: "PM", prescribedMg: 120, givenMg: 60, outcome: "PARTIAL" }, "Tue 10 Mar 2026 PM: partial dose, 60 mg of 120 mg prescribed"],
    [{ date: "2026-03-10", slot: "AM", prescribedMg: 100, givenMg: null, outcome: "WITHHELD" }, "Tue 10 Mar 2026 AM: withheld (100 mg prescribed)"],
    [{ date: "2026-03-10", slot: "AM", prescribedMg: null, givenMg: null, outcome: "MISSED" }, "Tue 10 Mar 2026 AM: missed"],
    [{ date: "2026-03-10", slot: "AM", prescribedMg: null, givenMg: 30, outcome: "DOSED" }, "Tue 10 Mar 2026 AM: given, 30 mg"],
  ] as const)("%o reads %s", (row, text) => {
    expect(sessionSummary(row)).toBe(text);
  });
});
