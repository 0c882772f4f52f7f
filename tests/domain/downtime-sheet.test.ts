import { describe, expect, it } from "vitest";
import { checkSpacing, earliestNextDose } from "@/domain/dose-session";
import { checkDowntimeSheetSession, downtimeGroup, downtimeSheetSessions, groupDowntimeRows } from "@/domain/downtime-sheet";

describe("which sessions a downtime sheet is printed for", () => {
  it("is the session being worked and the next one, across midnight too", () => {
    expect(downtimeSheetSessions({ date: "2026-03-10", slot: "AM" })).toEqual([
      { date: "2026-03-10", slot: "AM" },
      { date: "2026-03-10", slot: "PM" },
    ]);
    expect(downtimeSheetSessions({ date: "2026-03-31", slot: "PM" })).toEqual([
      { date: "2026-03-31", slot: "PM" },
      { date: "2026-04-01", slot: "AM" },
    ]);
  });

  it("accepts those two and refuses the one before and the one after, saying which it prints", () => {
    const current = { date: "2026-03-10", slot: "PM" } as const;
    expect(checkDowntimeSheetSession(current, current)).toEqual({ ok: true });
    expect(checkDowntimeSheetSession({ date: "2026-03-11", slot: "AM" }, current)).toEqual({ ok: true });
    for (const refused of [
      { date: "2026-03-10", slot: "AM" },
      { date: "2026-03-11", slot: "PM" },
      { date: "2027-03-10", slot: "PM" },
    ] as const) {
      const answer = checkDowntimeSheetSession(refused, current);
      expect(answer.ok).toBe(false);
      if (!answer.ok) expect(answer.reason).toMatch(/^A downtime sheet is printed for the session being worked \(PM, .*\) or the next one \(AM, .*\)/);
    }
  });
});

describe("the sheet's groups", () => {
  it("puts anyone with a hard hold first, whatever else they have, then a soft hold, then no hold", () => {
    expect(downtimeGroup([{ kind: "SOFT" }, { kind: "HARD" }])).toBe("HARD_HOLD");
    expect(downtimeGroup([{ kind: "SOFT" }])).toBe("SOFT_HOLD");
    expect(downtimeGroup([])).toBe("NO_HOLD");
  });

  it("keeps the order within a group and leaves out an empty group", () => {
    const rows = [
      { name: "Bea", holds: [] },
      { name: "Al", holds: [{ kind: "HARD" as const }] },
      { name: "Cy", holds: [] },
    ];
    const groups = groupDowntimeRows(rows);
    expect(groups.map((g) => [g.group, g.rows.map((r) => r.name)])).toEqual([
      ["HARD_HOLD", ["Al"]],
      ["NO_HOLD", ["Bea", "Cy"]],
    ]);
    expect(groups[0]!.title).toBe("Hard hold");
    expect(groupDowntimeRows([])).toEqual([]);
  });
});

describe("the earliest next dose printed for spacing", () => {
  it("is the minimum hours after the last dose, the moment the draw's check allows", () => {
    const last = new Date("2026-06-01T07:00:00Z");
    expect(earliestNextDose(last, 3)).toEqual(new Date("2026-06-01T10:00:00Z"));
    expect(checkSpacing(last, new Date(earliestNextDose(last, 3).getTime() - 1), 3)).toMatchObject({ ok: false, earliest: earliestNextDose(last, 3) });
    expect(checkSpacing(last, earliestNextDose(last, 3), 3)).toEqual({ ok: true });
  });

  it("counts real hours across the clocks going back", () => {
    // 25 October 2026: the UK's clocks go back at 02:00 BST; 00:30 BST is 23:30 UTC the day before.
    expect(earliestNextDose(new Date("2026-10-24T23:30:00Z"), 3)).toEqual(new Date("2026-10-25T02:30:00Z"));
  });
});
