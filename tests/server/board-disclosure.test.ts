import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { boardCsv, type BoardTable } from "@/domain/board-report";
import { localDateToDb } from "@/domain/clinic-time";
import { determined } from "@/domain/disclosure-control";
import { nextPeriod, parseReportingPeriod, periodTo, type ReportingPeriod } from "@/domain/reporting-period";
import type { BreakReason, ExitReason } from "@/generated/prisma/client";
import { boardFamily } from "@/server/board-release";
import { expectReleasedAsMemberByMember } from "../support/board-release";
import { freshDatabase, type TestDatabase } from "../support/database";
import { makeSite, makeUser } from "../support/fixtures";

/**
 * Acceptance for issue 17, finding 5: for every pair of adjacent reporting periods and for
 * all sites against each site, no suppressed count can be derived from what is shown.
 *
 * What is shown is read back from the CSV each member of a release exports (one number a
 * row, blank when hidden). The test then sets up every linear relation a reader could use:
 * each table's totals and parts (active + on a break + exited = ever enrolled, reasons
 * adding up to their total, a share and its complement), and all sites = the sum of the
 * sites for every count, as the measure's unit says ("(episodes)", "(people)", "(offences)"…),
 * checked first to hold on the true values. It solves them together and asserts that no
 * hidden cell follows, that no hidden small group adds up to a known small number, and that
 * no count at a period's end moves by 1 to threshold − 1 between adjacent periods.
 */

const NOW = new Date("2026-06-15T11:00:00Z");
const THRESHOLD = 3;
let db: TestDatabase;
let siteA: string;
let siteB: string;

type Person = {
  site: "A" | "B";
  enrolledOn: string;
  exit?: { on: string; reason: ExitReason; planned: boolean };
  breaks?: { from: string; to?: string; reason: BreakReason }[];
  offences?: string[];
};

// Site A: ten people over spring and summer 2025; site B: a small site of four, one of them
// sentenced in January 2026 (the person the findings could single out), two on a break.
const COHORT: Person[] = [
  { site: "A", enrolledOn: "2025-04-01", offences: ["2025-01-10", "2025-02-11", "2025-09-03"] },
  { site: "A", enrolledOn: "2025-04-01", exit: { on: "2025-10-15", reason: "CUSTODIAL_SENTENCE", planned: false }, offences: ["2024-12-01", "2025-08-20"] },
  { site: "A", enrolledOn: "2025-04-14", offences: ["2025-03-01"] },
  { site: "A", enrolledOn: "2025-05-02", exit: { on: "2025-11-05", reason: "DROPPED_OUT", planned: false } },
  { site: "A", enrolledOn: "2025-05-20", breaks: [{ from: "2025-12-01", to: "2026-02-01", reason: "MENTAL_HEALTH" }], offences: ["2024-11-11", "2025-01-05"] },
  { site: "A", enrolledOn: "2025-06-03", exit: { on: "2026-02-10", reason: "COMPLETED_TO_ORAL", planned: true } },
  { site: "A", enrolledOn: "2025-06-30", breaks: [{ from: "2026-01-05", reason: "HOSPITAL" }], offences: ["2025-05-05", "2026-03-03"] },
  { site: "A", enrolledOn: "2025-07-15", exit: { on: "2026-01-20", reason: "CUSTODIAL_SENTENCE", planned: false }, offences: ["2025-06-01", "2025-12-24"] },
  { site: "A", enrolledOn: "2025-08-01" },
  { site: "A", enrolledOn: "2025-09-09", offences: ["2025-02-02"] },
  { site: "B", enrolledOn: "2025-06-02", exit: { on: "2026-01-12", reason: "CUSTODIAL_SENTENCE", planned: false }, offences: ["2025-03-03", "2025-11-30"] },
  { site: "B", enrolledOn: "2025-07-07", breaks: [{ from: "2026-02-03", reason: "PHYSICAL_HEALTH" }] },
  { site: "B", enrolledOn: "2025-09-15", breaks: [{ from: "2026-03-10", to: "2026-05-01", reason: "CUSTODY_REMAND" }], offences: ["2025-07-07"] },
  { site: "B", enrolledOn: "2025-11-03" },
];

beforeAll(async () => {
  db = await freshDatabase();
  siteA = (await makeSite(db.prisma, "NTH")).id;
  siteB = (await makeSite(db.prisma, "STH")).id;
  const staff = await makeUser(db.prisma, siteA, "NURSE");
  for (const [i, person] of COHORT.entries()) {
    const siteId = person.site === "A" ? siteA : siteB;
    const participant = await db.prisma.participant.create({ data: { siteId, reference: `D-${i}` } });
    const episode = await db.prisma.episode.create({ data: { siteId, participantId: participant.id, enrolledOn: localDateToDb(person.enrolledOn), enrolledById: staff.id } });
    if (person.exit) {
      await db.prisma.exit.create({
        data: { episodeId: episode.id, participantId: participant.id, exitedOn: localDateToDb(person.exit.on), reason: person.exit.reason, planned: person.exit.planned, recordedById: staff.id },
      });
    }
    for (const b of person.breaks ?? []) {
      await db.prisma.break.create({
        data: { episodeId: episode.id, participantId: participant.id, reason: b.reason, startedOn: localDateToDb(b.from), endedOn: b.to ? localDateToDb(b.to) : null, startedById: staff.id },
      });
    }
    for (const [n, on] of (person.offences ?? []).entries()) {
      await db.prisma.offence.create({ data: { participantId: participant.id, offenceDate: localDateToDb(on), offenceType: "Shoplifting", severityScore: 10 + n * 7 } });
    }
  }
}, 120_000);
afterAll(() => db?.close());

/** Every period of a kind from the first enrolment to today (15 June 2026), oldest first. */
function periods(first: string): ReportingPeriod[] {
  const list: ReportingPeriod[] = [];
  for (let p = parseReportingPeriod(first)!; p.from <= "2026-06-15"; p = nextPeriod(p)) list.push(p);
  return list;
}

const ADDITIVE = /\((episodes|people|sessions|screens|offences)\)$/;
const key = (row: string[]) => `${row[0]}|${row[1]}|${row[2]}`;

type Shown = { values: Map<string, number | null>; table: BoardTable };

/** A release of all sites and each site, as its CSVs show it. */
async function release(period: ReportingPeriod): Promise<Shown[]> {
  const family = await boardFamily(db.prisma, { period, from: period.from, to: periodTo(period, "2026-06-15"), cohort: null }, NOW);
  return family.rows.map((rows, member) => {
    const csv = boardCsv(rows, family.labels[member]!)
      .trimEnd()
      .split("\r\n")
      .slice(1)
      .map((line) => line.split(","));
    const values = new Map<string, number | null>();
    for (const row of csv) if (row[0] !== "Report" && (row[3] !== "" || row[4] !== "")) values.set(key(row), row[3] === "" ? null : Number(row[3]));
    return { values, table: family.tables[member]! };
  });
}

/** Relations a reader can set up: each table's declared sums, and all sites as the sum of the sites. */
function relations(members: Shown[]): { total: string; parts: string[] }[] {
  const id = (member: number, k: string) => `${member}|${k}`;
  const within = members.flatMap(({ table }, m) => table.relations.map((r) => ({ total: id(m, r.total), parts: r.parts.map((p) => id(m, p)) })));
  const across = members[0]!.table.cells
    .filter((c) => ADDITIVE.test(c.measure) && !c.unshown)
    .map((c) => ({ total: id(0, c.key), parts: members.slice(1).filter((s) => s.table.cells.some((x) => x.key === c.key)).map((_, i) => id(i + 1, c.key)) }));
  return [...within, ...across];
}

describe("no suppressed count can be derived (issue 17, finding 5)", () => {
  const kinds: [string, string][] = [
    ["months", "2025-04"],
    ["financial quarters", "FY2025-26-Q1"],
    ["financial years", "FY2025-26"],
  ];

  it.each(kinds)("%s: all sites against each site, and each period against the next", async (_, first) => {
    let previous: Shown[] | null = null;
    let hiddenSeen = 0;
    for (const period of periods(first)) {
      const members = await release(period);
      const truth = new Map(members.flatMap(({ table }, m) => table.cells.map((c) => [`${m}|${c.key}`, { value: c.value ?? 0, unshown: c.unshown === true, basis: c.basis, kind: c.kind }])));
      const hidden = new Set(members.flatMap(({ values }, m) => [...values].filter(([, v]) => v === null).map(([k]) => `${m}|${k}`)));
      hiddenSeen += hidden.size;
      const unknown = (id: string) => hidden.has(id) || truth.get(id)?.unshown === true;
      const system = relations(members);

      for (const r of system) {
        // The relations are true of the figures before suppression.
        const parts = r.parts.reduce((sum, p) => sum + truth.get(p)!.value, 0);
        expect(parts, `${period.code}: ${r.total} is the sum of its parts`).toBe(truth.get(r.total)!.value);
        // A hidden small group never adds up, with the others hidden beside it, to a known small number.
        const cells = [r.total, ...r.parts].filter(unknown);
        const sum = cells.reduce((s, c) => s + (c === r.total ? -1 : 1) * truth.get(c)!.value, 0);
        const smallHidden = cells.some((c) => hidden.has(c) && truth.get(c)!.kind === "count" && truth.get(c)!.value > 0 && truth.get(c)!.value < THRESHOLD);
        if (smallHidden && [r.total, ...r.parts].every((c) => truth.get(c)!.kind === "count")) {
          expect(Math.abs(sum) === 0 || Math.abs(sum) >= THRESHOLD || cells.includes(r.total), `${period.code}: ${cells.join(" + ")} adds up to ${sum}`).toBe(true);
        }
      }
      const solved = determined(system.map((r) => new Map([r.total, ...r.parts].filter(unknown).map((c) => [c, c === r.total ? -1 : 1]))));
      // A hidden zero that follows (a total with no parts) gives nobody away; nothing else may follow.
      expect(solved.filter((id) => hidden.has(id) && truth.get(id)!.value !== 0), `${period.code}: hidden cells that follow from the shown ones`).toEqual([]);

      if (previous) {
        const before = previous;
        members.forEach(({ values, table }, m) => {
          for (const cell of table.cells) {
            if (cell.kind !== "count" || cell.basis !== "end" || cell.unshown) continue;
            const [now, then] = [values.get(cell.key), before[m]!.values.get(cell.key) ?? 0];
            if (now === null || now === undefined || then === null) continue;
            const moved = Math.abs(now - then);
            expect(moved === 0 || moved >= THRESHOLD, `${period.code}, member ${m}: ${cell.key} moved by ${moved}`).toBe(true);
          }
        });
      }
      previous = members;
    }
    expect(hiddenSeen).toBeGreaterThan(0);
  }, 300_000);

  it("hides site B's one custodial sentence, and all sites minus site A does not give it back", async () => {
    const [all, a, b] = await release(parseReportingPeriod("FY2025-26")!);
    const exits = (member: Shown, group: string) => member.values.get(`Retention|Exited (episodes)|${group}`);
    expect(b!.table.cells.find((c) => c.key === "Retention|Exited (episodes)|All reasons")!.value).toBe(1);
    expect(exits(b!, "All reasons")).toBeNull();
    expect([exits(all!, "All reasons"), exits(a!, "All reasons")]).toContain(null);
    // Custodial sentence is small at site B, so it is merged into "Other reasons" everywhere.
    for (const member of [all!, a!, b!]) expect([...member.values.keys()].some((k) => k.includes("Custodial sentence"))).toBe(false);
  }, 120_000);
});

describe("the released page, from one read of all sites per period end", () => {
  it.each(["FY2025-26", "FY2025-26-Q4", "2026-01"])("%s is the release worked out site by site", async (code) => {
    await expectReleasedAsMemberByMember(db.prisma, parseReportingPeriod(code)!, NOW);
  }, 120_000);
});
