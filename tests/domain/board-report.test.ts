import { describe, expect, it } from "vitest";
import { episode } from "../support/board-records";
import { parseCsv } from "../support/csv";
import { renderToStaticMarkup } from "react-dom/server";
import { boardFigures, type BoardData, type EpisodeRecord } from "@/domain/board-figures";
import { boardCsv, figureRows, releaseRows, rowAt, showRow } from "@/domain/board-report";
import { SurvivalTable } from "@app/(staff)/board/figure-tables";

const data = (episodes: EpisodeRecord[], funding: BoardData["funding"] = []): BoardData => ({
  site: "A",
  from: "2025-04-01",
  to: "2026-03-31",
  asOf: "2026-03-31",
  episodes,
  siteEpisodes: episodes.map((e) => ({ site: e.site, enrolledOn: e.enrolledOn, exitedOn: e.exit?.on ?? null })),
  sessions: [],
  screens: [],
  top: [],
  funding,
  stockChecks: [],
});

const LABEL = { site: "All sites", period: "Financial year 2025/26 (Apr 2025 to Mar 2026)", from: "2025-04-01", to: "2026-03-31", asOf: "2026-03-31", cohort: "All cohorts", generatedAt: "2026-04-02 09:00:00", threshold: 3 };

describe("money and percentages in the CSV (issue 17, finding 4)", () => {
  // Five people, none offending before and each twice on programme: 10 offences against a
  // year-before rate of 0, so the estimated saving is negative.
  const figures = boardFigures(
    data(Array.from({ length: 5 }, () => episode("2025-04-01", { offencesDuring: [10, 20] })), [{ site: "A", financialYear: 2025, kind: "FUNDING", source: "Police and Crime Commissioner", amountPence: 13_096_00 }]),
    { A: { costPerOffencePence: 130_960, basis: "-£1,309.60 an offence, a test's round figure" } },
  );
  const csv = boardCsv(figureRows(figures, 3), LABEL);
  const rows = parseCsv(csv);
  const value = (measure: string, group = "") => rows.find((r) => r[1] === measure && r[2] === group)?.[3];

  it("writes a negative saving as a plain number of pounds, the currency in the measure's name", () => {
    expect(figures.money.estimatedSavingPence).toBe(-10 * 130_960);
    expect(value("Estimated criminal-justice saving (£)", "Since entry, at £1,310 per offence")).toBe("-13096");
    expect(value("Funding (£)", "2025/26 total")).toBe("13096");
    expect(csv).not.toMatch(/'-?\d/);
    expect(csv).not.toMatch(/,-?£\d/);
  });

  it("still neutralises text that a spreadsheet would run as a formula", () => {
    expect(value("Basis of the cost per offence")).toBe("'-£1,309.60 an offence, a test's round figure");
  });

  it("writes percentages as numbers in percent, and a hidden figure as no value with the reason", () => {
    expect(csv.split("\r\n")[0]).toBe("Section,Measure,Group,Value,Note");
    expect(value("Active (%)")).toBe("100");
    expect(rows.find((r) => r[1] === "Exited (episodes)" && r[2] === "All reasons")).toEqual(["Retention", "Exited (episodes)", "All reasons", "0", ""]);
  });
});

describe("every count below the threshold is suppressed everywhere (issue 17, finding 3)", () => {
  // Two episodes: "Ever enrolled" and "Episodes compared" were shown as 2 in the CSV and captions.
  const figures = boardFigures(data([episode("2025-04-01", { offencesBefore: [40] }), episode("2025-05-01", { offencesBefore: [10], offencesDuring: [5] })]), { A: {
    costPerOffencePence: 100_000,
    basis: "test",
  } });

  it.each([3, 5])("hides ever enrolled, episodes compared and what rests on them under a threshold of %i", (threshold) => {
    const rows = figureRows(figures, threshold);
    for (const [section, measure, group] of [
      ["Retention", "Ever enrolled (episodes)", ""],
      ["Offending", "Episodes compared (episodes)", ""],
      ["Offending", "Offences (offences)", "12 months before entry"],
      ["Offending", "Median severity (Crime Harm Index days)", "12 months before entry"],
      ["Offending", "Offences per person", "On programme"],
      ["Money", "Estimated criminal-justice saving (£)", "Since entry, at £1,000 per offence"],
    ] as const) {
      expect(rowAt(rows, section, measure, group)?.value, `${measure} ${group}`).toBeNull();
    }
    expect(showRow(rowAt(rows, "Retention", "Ever enrolled (episodes)"), threshold)).toBe(`<${threshold}`);
    const csv = parseCsv(boardCsv(rows, { ...LABEL, threshold }));
    expect(csv.find((r) => r[1] === "Ever enrolled (episodes)")).toEqual(["Retention", "Ever enrolled (episodes)", "", "", `fewer than ${threshold}`]);
  });

  it("says the site's own threshold in the Kaplan–Meier table, not a fixed 3", () => {
    const html = renderToStaticMarkup(SurvivalTable({ rows: figureRows(figures, 5), threshold: 5 }));
    expect(html).toContain("fewer than 5 episodes at risk");
    expect(html).not.toContain("fewer than 3");
    expect(html).toContain("&lt;5");
  });
});

describe("Kaplan–Meier by month, not by day (issue 17, finding 5)", () => {
  const episodes = Array.from({ length: 8 }, (_, i) => episode("2025-04-01", i < 2 ? { exit: { on: `2025-0${5 + i}-1${i}`, reason: "DROPPED_OUT", planned: false } } : {}));
  const rows = releaseRows({ page: 0, family: [{ figures: boardFigures(data(episodes), { A: { costPerOffencePence: 1, basis: "test" } }), threshold: 3 }], sums: [], neighbours: [] });
  const curve = rows.filter((r) => r.section === "Retention curve (Kaplan–Meier)");

  it("gives months only, never an exit day", () => {
    expect(curve.every((r) => /^Month \d+$/.test(r.group))).toBe(true);
    expect(curve.some((r) => /day/i.test(r.measure))).toBe(false);
  });

  it("hides the estimate where fewer than the threshold remain at risk", () => {
    const all = (measure: string, month: number) => rowAt(rows, "Retention curve (Kaplan–Meier)", `Cohort All: ${measure}`, `Month ${month}`);
    expect(showRow(all("at risk (episodes)", 0), 3)).toBe("8");
    expect(showRow(all("still in treatment (%)", 2), 3)).toBe("87.5%");
  });
});
