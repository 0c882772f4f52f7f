import { describe, expect, it } from "vitest";
import { episode as boardEpisode } from "../support/board-records";
import { kaplanMeier, type EpisodeRecord } from "@/domain/board-figures";
import { monthStartDay, survivalByMonth } from "@/domain/retention-curve";

const episode = (enrolledOn: string, exitOn?: string): EpisodeRecord =>
  boardEpisode(enrolledOn, { exit: exitOn ? { on: exitOn, reason: "DROPPED_OUT", planned: false } : null });

describe("the retention curve by month, with Greenwood's confidence band", () => {
  // The hand-computed cohort of board-figures.test.ts: exits on days 30 and 92 of six episodes;
  // the others followed to days 289, 364, 364 and 485.
  const points = kaplanMeier(
    [
      episode("2025-04-01"),
      episode("2025-04-01", "2025-05-01"),
      episode("2025-06-15"),
      episode("2025-10-01", "2026-01-01"),
      episode("2024-12-01"),
      episode("2025-04-01", "2026-06-01"),
    ],
    "2026-03-31",
  );
  const months = survivalByMonth(points);

  it("starts each month on day round(k × 365.25 / 12)", () => {
    expect([0, 1, 2, 3, 4, 12].map(monthStartDay)).toEqual([0, 30, 61, 91, 122, 365]);
  });

  it("shows no exit day: only whole months, up to the last month anyone is followed into", () => {
    expect(months.map((m) => m.month)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(months.map((m) => m.atRisk)).toEqual([6, 6, 5, 5, 4, 4, 4, 4, 4, 4, 3, 3, 1, 1, 1, 1]);
  });

  it("estimates survival at the start of each month with a band from Greenwood's variance", () => {
    expect(months[1]).toEqual({ month: 1, atRisk: 6, survival: 1, lower: 1, upper: 1 });
    // After the exit on day 30: S = 5/6, Var = S² × 1/(6 × 5).
    const s2 = 5 / 6;
    const se2 = s2 * Math.sqrt(1 / 30);
    expect(months[2]).toEqual({ month: 2, atRisk: 5, survival: s2, lower: s2 - 1.96 * se2, upper: 1 });
    // After the exit on day 92 as well: S = 2/3, Var = S² × (1/30 + 1/20).
    const s4 = 2 / 3;
    const se4 = s4 * Math.sqrt(1 / 30 + 1 / 20);
    expect(months[4]!.survival).toBeCloseTo(s4, 12);
    expect(months[4]!.lower).toBeCloseTo(s4 - 1.96 * se4, 12);
    expect(months[4]!.upper).toBe(1);
  });

  it("has nothing to show for nobody", () => {
    expect(survivalByMonth([])).toEqual([]);
  });
});
