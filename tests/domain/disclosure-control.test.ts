import { describe, expect, it } from "vitest";
import { determined, suppress, type Cell, type DisclosureTable } from "@/domain/disclosure-control";

const count = (key: string, value: number, basis: Cell["basis"] = "end"): Cell => ({ key, kind: "count", value, basis });
const hiddenKeys = (map: Map<string, string>) => Object.fromEntries([...map].sort(([a], [b]) => a.localeCompare(b)));

describe("which unknowns a system of sums gives away", () => {
  it.each([
    ["one equation, one unknown", [{ x: 1 }], ["x"]],
    ["two unknowns in one sum", [{ x: 1, y: 1 }], []],
    ["a sum and a difference", [{ x: 1, y: 1 }, { x: 1, y: -1 }], ["x", "y"]],
    ["a chain of two sums", [{ x: 1, y: 1 }, { y: 1, z: 1 }], []],
    ["a triangle of sums", [{ x: 1, y: 1 }, { y: 1, z: 1 }, { x: 1, z: 1 }], ["x", "y", "z"]],
    ["a two-by-two table with its margins", [{ a: 1, b: 1 }, { c: 1, d: 1 }, { a: 1, c: 1 }, { b: 1, d: 1 }], []],
  ])("%s", (_, equations, expected) => {
    const system = equations.map((e) => new Map(Object.entries(e)));
    expect(determined(system).sort()).toEqual(expected);
  });
});

describe("suppression that survives subtraction", () => {
  it("hides another status when 'on a break' could be worked out as 23 − 10 − 10 (issue 17, finding 5)", () => {
    const table: Omit<DisclosureTable, "threshold"> = {
      cells: [count("everEnrolled", 23), count("active", 10), count("onBreak", 3), count("exited", 10)],
      relations: [{ total: "everEnrolled", parts: ["active", "onBreak", "exited"] }],
    };
    const [hidden] = suppress({ tables: [{ ...table, threshold: 4 }], sums: [], neighbours: [] });
    expect(hiddenKeys(hidden!)).toEqual({ active: "secondary", onBreak: "small" });
  });

  it("keeps hiding until the hidden counts add up to at least the threshold", () => {
    // Two reasons of 1 each: hiding both still gives away "2 on a break" as 2; a third goes too.
    const table: Omit<DisclosureTable, "threshold"> = {
      cells: [count("onBreak", 2), count("health", 1), count("custody", 1), count("everEnrolled", 12), count("active", 10)],
      relations: [
        { total: "onBreak", parts: ["health", "custody"] },
        { total: "everEnrolled", parts: ["active", "onBreak"] },
      ],
    };
    const [hidden] = suppress({ tables: [{ ...table, threshold: 3 }], sums: [], neighbours: [] });
    expect(hiddenKeys(hidden!)).toEqual({ active: "secondary", custody: "small", health: "small", onBreak: "small" });
  });

  it("hides a share of 0 of 1, its rate and the count (a fraction whose denominator is small)", () => {
    const table: Omit<DisclosureTable, "threshold"> = {
      cells: [
        { ...count("stopped", 0), behind: "prior" },
        count("prior", 1),
        { key: "stopped.other", kind: "count", value: 1, basis: "end", unshown: true },
        { key: "stopped.rate", kind: "statistic", value: 0, basis: "end", behind: "prior", from: ["stopped"] },
      ],
      relations: [{ total: "prior", parts: ["stopped", "stopped.other"] }],
    };
    const [hidden] = suppress({ tables: [{ ...table, threshold: 3 }], sums: [], neighbours: [] });
    // "0 of them stopped" would say what every one of them did.
    expect(hiddenKeys(hidden!)).toEqual({ prior: "small", stopped: "few", "stopped.other": "small", "stopped.rate": "few" });
  });

  it("hides a share's count when its complement is small (19 retained of 20)", () => {
    const table: Omit<DisclosureTable, "threshold"> = {
      cells: [count("retained", 19), count("eligible", 20), { key: "retained.other", kind: "count", value: 1, basis: "end", unshown: true }],
      relations: [{ total: "eligible", parts: ["retained", "retained.other"] }],
    };
    const [hidden] = suppress({ tables: [{ ...table, threshold: 3 }], sums: [], neighbours: [] });
    expect(hiddenKeys(hidden!)).toEqual({ retained: "secondary", "retained.other": "small" });
  });

  it("hides a mean, a median and an offence count when fewer than the threshold are behind them", () => {
    const table: Omit<DisclosureTable, "threshold"> = {
      cells: [
        count("people", 2),
        { key: "opiate.mean", kind: "statistic", value: 12.5, basis: "end", behind: "people" },
        count("offenders", 1),
        { key: "severity.median", kind: "statistic", value: 32.5, basis: "end", behind: "offenders" },
        { key: "offences", kind: "events", value: 4, basis: "end", behind: "people" },
      ],
      relations: [],
    };
    const [hidden] = suppress({ tables: [{ ...table, threshold: 3 }], sums: [], neighbours: [] });
    expect(hiddenKeys(hidden!)).toEqual({ offences: "few", offenders: "small", "opiate.mean": "few", people: "small", "severity.median": "few" });
  });

  it("stops all sites minus one site giving away a site's small group", () => {
    const site = (custody: number, total: number): Omit<DisclosureTable, "threshold"> => ({
      cells: [count("exited", total), count("exited.custody", custody), count("exited.other", total - custody)],
      relations: [{ total: "exited", parts: ["exited.custody", "exited.other"] }],
    });
    const all = site(6, 16);
    const a = site(1, 4);
    const b = site(5, 12);
    const hidden = suppress({ tables: [{ ...all, threshold: 3 }, { ...a, threshold: 3 }, { ...b, threshold: 3 }], sums: [{ total: 0, parts: [1, 2] }], neighbours: [] });
    // Site A's one custodial exit is hidden; so is another cell in each sum it is part of.
    expect(hidden[1]!.get("exited.custody")).toBe("small");
    const known = (t: number, key: string) => !hidden[t]!.has(key);
    // all − b cannot give a's custody count: one of them is hidden too.
    expect(known(0, "exited.custody") && known(2, "exited.custody")).toBe(false);
    // a's total minus a's other reasons cannot give it either.
    expect(known(1, "exited") && known(1, "exited.other")).toBe(false);
  });

  it("hides a count at the end of a period that moved by fewer than the threshold since the adjacent period", () => {
    const at = (custody: number, everEnrolled: number): Omit<DisclosureTable, "threshold"> => ({
      cells: [count("exited.custody", custody), count("everEnrolled", everEnrolled), { key: "sessions", kind: "count", value: 40 + custody, basis: "period" }],
      relations: [],
    });
    const [hidden] = suppress({ tables: [{ ...at(5, 20), threshold: 3 }], sums: [], neighbours: [{ table: 0, other: { ...at(4, 20), threshold: 3 } }] });
    // A custodial exit between the two period ends would show as 5 − 4; an unchanged count is
    // shown, and counts of what happened within each period are not compared.
    expect(hiddenKeys(hidden!)).toEqual({ "exited.custody": "changed" });
  });
});

describe("sites with different thresholds, released together", () => {
  it("protects a site's group of 4 under its threshold of 6 from all sites minus another site", () => {
    const site = (threshold: number, custody: number): DisclosureTable => ({ threshold, cells: [count("exited.custody", custody)], relations: [] });
    const hidden = suppress({ tables: [site(6, 8), site(3, 4), site(6, 4)], sums: [{ total: 0, parts: [1, 2] }], neighbours: [] });
    // B's 4 is small for B; A's 4 is not small for A, but 8 − 4 would give B's away.
    expect(hidden.map(hiddenKeys)).toEqual([{}, { "exited.custody": "secondary" }, { "exited.custody": "small" }]);
  });
});
