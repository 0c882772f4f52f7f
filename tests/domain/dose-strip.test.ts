import { describe, expect, it } from "vitest";
import type { SessionKey } from "@/domain/clinic-time";
import { DOSE_STRIP_DAYS, doseStrip, doseStripCounts, type StripSession, type TreatmentSpan } from "@/domain/dose-strip";

const today = "2026-11-30";
const open: TreatmentSpan[] = [{ from: "2026-01-10", until: null }];
const pmOpened: SessionKey = { date: today, slot: "PM" };
const amOpened: SessionKey = { date: today, slot: "AM" };

function cell(sessions: StripSession[], date: string, slot: "AM" | "PM", options: { spans?: TreatmentSpan[]; latestOpened?: SessionKey } = {}) {
  const strip = doseStrip({ sessions, spans: options.spans ?? open, today, latestOpened: options.latestOpened ?? pmOpened });
  const day = strip.find((d) => d.date === date);
  if (!day) throw new Error(`${date} is not on the strip`);
  return day.cells[slot];
}

describe("doseStrip: the days shown", () => {
  it("shows fourteen days ending today, oldest first, each with an AM and a PM cell", () => {
    const strip = doseStrip({ sessions: [], spans: open, today, latestOpened: pmOpened });
    expect(DOSE_STRIP_DAYS).toBe(14);
    expect(strip).toHaveLength(14);
    expect(strip[0]!.date).toBe("2026-11-17");
    expect(strip[13]!.date).toBe(today);
    expect(strip.every((d) => d.cells.AM.slot === "AM" && d.cells.PM.slot === "PM" && d.cells.AM.date === d.date)).toBe(true);
  });

  it("crosses a month and a clock change (British Summer Time ends on 25 October)", () => {
    const strip = doseStrip({ sessions: [], spans: open, today: "2026-11-02", latestOpened: { date: "2026-11-02", slot: "PM" }, days: 14 });
    expect(strip.map((d) => d.date).slice(0, 3)).toEqual(["2026-10-20", "2026-10-21", "2026-10-22"]);
    expect(strip.map((d) => d.date)).toContain("2026-10-25");
    expect(strip.at(-1)!.date).toBe("2026-11-02");
  });

  it("shows another number of days when asked", () => {
    expect(doseStrip({ sessions: [], spans: open, today, latestOpened: pmOpened, days: 1 }).map((d) => d.date)).toEqual([today]);
  });
});

describe("doseStrip: a recorded session shows its outcome, in words", () => {
  it.each<[StripSession["outcome"], number | null, string, string, number | null]>([
    ["DOSED", 60, "GIVEN", "Given: 60 mg", 60],
    ["PARTIAL", 40, "PARTIAL", "Partial: 40 mg", 40],
    ["WITHHELD", 0, "WITHHELD", "Withheld", null],
    ["DECLINED", 0, "DECLINED", "Declined", null],
    ["MISSED", null, "MISSED", "Missed", null],
    ["NOT_EXPECTED", null, "NOT_EXPECTED", "Not expected", null],
    [null, null, "IN_PROGRESS", "In progress", null],
  ])("outcome %s (given %s) is %s, labelled \"%s\"", (outcome, givenMg, kind, label, shownMg) => {
    const c = cell([{ date: "2026-11-28", slot: "AM", outcome, givenMg }], "2026-11-28", "AM");
    expect(c).toEqual({ date: "2026-11-28", slot: "AM", kind, givenMg: shownMg, label });
  });

  it("keeps a slot's outcome to its own slot and day", () => {
    const sessions: StripSession[] = [
      { date: "2026-11-28", slot: "AM", outcome: "DOSED", givenMg: 60 },
      { date: "2026-11-28", slot: "PM", outcome: "MISSED", givenMg: null },
    ];
    expect(cell(sessions, "2026-11-28", "AM").kind).toBe("GIVEN");
    expect(cell(sessions, "2026-11-28", "PM").kind).toBe("MISSED");
    expect(cell(sessions, "2026-11-27", "AM").kind).toBe("NOT_RECORDED");
  });

  it("ignores sessions outside the days shown", () => {
    const strip = doseStrip({ sessions: [{ date: "2026-11-16", slot: "AM", outcome: "DOSED", givenMg: 60 }], spans: open, today, latestOpened: pmOpened });
    expect(doseStripCounts(strip).GIVEN).toBeUndefined();
  });

  it("shows a recorded outcome even outside the spans given (a record always wins)", () => {
    expect(cell([{ date: "2026-11-20", slot: "PM", outcome: "DOSED", givenMg: 50 }], "2026-11-20", "PM", { spans: [] }).kind).toBe("GIVEN");
  });
});

describe("doseStrip: a session with nothing recorded", () => {
  it("is not recorded yet once its window has opened, and not yet due before that", () => {
    expect(cell([], today, "AM", { latestOpened: amOpened }).kind).toBe("NOT_RECORDED");
    expect(cell([], today, "PM", { latestOpened: amOpened })).toMatchObject({ kind: "NOT_YET_DUE", label: "Not yet due" });
    expect(cell([], today, "PM", { latestOpened: pmOpened }).kind).toBe("NOT_RECORDED");
  });

  it("is not yet due for the whole of today before the AM window opens (yesterday's PM the latest opened)", () => {
    const beforeAm: SessionKey = { date: "2026-11-29", slot: "PM" };
    expect(cell([], today, "AM", { latestOpened: beforeAm }).kind).toBe("NOT_YET_DUE");
    expect(cell([], "2026-11-29", "PM", { latestOpened: beforeAm }).kind).toBe("NOT_RECORDED");
  });

  it("is not in treatment before enrolment; from the enrolment day it counts", () => {
    const spans: TreatmentSpan[] = [{ from: "2026-11-25", until: null }];
    expect(cell([], "2026-11-24", "PM", { spans })).toMatchObject({ kind: "NOT_IN_TREATMENT", label: "Not in treatment" });
    expect(cell([], "2026-11-25", "AM", { spans }).kind).toBe("NOT_RECORDED");
  });

  it("is not in treatment from the exit day on, and between two episodes", () => {
    const spans: TreatmentSpan[] = [
      { from: "2026-01-10", until: "2026-11-20" },
      { from: "2026-11-26", until: null },
    ];
    expect(cell([], "2026-11-19", "PM", { spans }).kind).toBe("NOT_RECORDED");
    expect(cell([], "2026-11-20", "AM", { spans }).kind).toBe("NOT_IN_TREATMENT");
    expect(cell([], "2026-11-25", "PM", { spans }).kind).toBe("NOT_IN_TREATMENT");
    expect(cell([], "2026-11-26", "AM", { spans }).kind).toBe("NOT_RECORDED");
  });

  it("is not in treatment, rather than not yet due, for someone never enrolled", () => {
    expect(cell([], today, "PM", { spans: [], latestOpened: amOpened }).kind).toBe("NOT_IN_TREATMENT");
  });
});

describe("doseStripCounts", () => {
  it("counts each kind of cell across the strip", () => {
    const sessions: StripSession[] = [
      { date: "2026-11-29", slot: "AM", outcome: "DOSED", givenMg: 60 },
      { date: "2026-11-29", slot: "PM", outcome: "PARTIAL", givenMg: 30 },
      { date: "2026-11-30", slot: "AM", outcome: "MISSED", givenMg: null },
    ];
    const counts = doseStripCounts(doseStrip({ sessions, spans: [{ from: "2026-11-29", until: null }], today, latestOpened: amOpened }));
    expect(counts).toEqual({ NOT_IN_TREATMENT: 24, GIVEN: 1, PARTIAL: 1, MISSED: 1, NOT_YET_DUE: 1 });
  });
});
