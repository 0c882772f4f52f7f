import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInAs, useTestDatabase } from "../support/actions";
import type { Actor } from "@/auth/actor";
import { importCsvAction } from "@app/(staff)/admin/imports/actions";
import { addLocalDays, clinicDate } from "@/domain/clinic-time";
import { importOffences } from "@/server/offences";
import { importUrineResults } from "@/server/urine-screens";
import { freshDatabase, type TestDatabase } from "../support/database";
import { makeEnrolledParticipant, makeSite, makeUser } from "../support/fixtures";

let db: TestDatabase;
let admin: Actor;
let nurse: Actor;
let otherAdmin: Actor;
let refs: string[];
const today = clinicDate(new Date());

beforeAll(async () => {
  db = await freshDatabase();
  useTestDatabase(db);
  const site = await makeSite(db.prisma);
  const other = await makeSite(db.prisma);
  const a = await makeUser(db.prisma, site.id, "ADMIN");
  const n = await makeUser(db.prisma, site.id, "NURSE");
  const o = await makeUser(db.prisma, other.id, "ADMIN");
  admin = { userId: a.id, name: a.name, role: "ADMIN", siteId: site.id };
  nurse = { userId: n.id, name: n.name, role: "NURSE", siteId: site.id };
  otherAdmin = { userId: o.id, name: o.name, role: "ADMIN", siteId: other.id };
  refs = [];
  for (let i = 0; i < 3; i++) refs.push((await makeEnrolledParticipant(db.prisma, site.id, n.id)).participant.reference);
});
afterAll(() => db?.close());

const offences = (csv: string, actor = admin) => db.prisma.$transaction((tx) => importOffences(tx, actor, csv), { timeout: 60_000 });
const urine = (csv: string, actor = admin) => db.prisma.$transaction((tx) => importUrineResults(tx, actor, csv), { timeout: 60_000 });
const offenceCount = () => db.prisma.offence.count();

/** n distinct, valid police rows spread over the three participants. */
function policeRows(n: number, firstDay = 10): string[] {
  return Array.from({ length: n }, (_, i) => `${refs[i % 3]},${addLocalDays("2024-01-01", firstDay + Math.floor(i / 3))},Shoplifting,${(i % 7) + 1}`);
}
const csvOf = (header: string, rows: string[]) => [header, ...rows].join("\r\n") + "\r\n";

describe("offence import", () => {
  it("imports nothing from 1,000 rows with one bad row, and reports that row's line", async () => {
    const rows = policeRows(1000);
    rows[499] = `${refs[0]},2024-13-01,Shoplifting,4`;
    const report = await offences(csvOf("reference,offence date,offence type,severity score", rows));
    expect(report).toMatchObject({ status: "rejected", rowsRead: 1000, added: 0, problemCount: 1 });
    expect(report.problems).toEqual([{ line: 501, reason: 'Offence date "2024-13-01" is not a date written yyyy-mm-dd.' }]);
    expect(await offenceCount()).toBe(0);
    expect(await db.prisma.auditEvent.count({ where: { action: "offence.import" } })).toBe(0);
  });

  it("imports 1,000 good rows, and adds nothing when the same file comes again", async () => {
    const csv = csvOf("reference,offence date,offence type,severity score", policeRows(1000));
    expect(await offences(csv)).toMatchObject({ status: "imported", rowsRead: 1000, added: 1000, alreadyRecorded: 0, duplicatesInFile: 0 });
    expect(await offenceCount()).toBe(1000);
    expect(await offences(csv)).toMatchObject({ status: "imported", rowsRead: 1000, added: 0, alreadyRecorded: 1000 });
    expect(await offenceCount()).toBe(1000);
    const audits = await db.prisma.auditEvent.findMany({ where: { action: "offence.import" }, orderBy: { id: "asc" } });
    expect(audits.map((a) => a.summary)).toEqual([
      { rowsRead: 1000, added: 1000, duplicatesInFile: 0, alreadyRecorded: 0 },
      { rowsRead: 1000, added: 0, duplicatesInFile: 0, alreadyRecorded: 1000 },
    ]);
    expect(audits[0]!.entityId).toBe(audits[1]!.entityId);
  });

  it("skips and counts rows repeated in the file and rows already held, adding only the new", async () => {
    const [held] = policeRows(1);
    const fresh = `${refs[1]},2025-02-03,Criminal damage,12`;
    const report = await offences(csvOf("Participant,Date,Offence,CHI,Crime number", [`${held},CR1`, `${fresh},CR2`, `${fresh},CR3`]));
    expect(report).toMatchObject({ status: "imported", rowsRead: 3, added: 1, duplicatesInFile: 1, alreadyRecorded: 1 });
    expect(await db.prisma.offence.findFirstOrThrow({ where: { offenceType: "Criminal damage" } })).toMatchObject({ source: "IMPORT", severityScore: 12 });
  });

  it("lists every bad row with its line and all its faults, including people unknown at this clinic", async () => {
    const csv = csvOf("reference,offence date,offence type,severity score", [
      `${refs[0]},2025-01-01,Shoplifting,3`,
      "HAT-9999,2025-01-01,Shoplifting,3",
      `${refs[0]},${addLocalDays(today, 1)},,-2`,
      "",
      `${refs[2]},2025-01-01,Shoplifting,3,extra`,
    ]);
    const report = await offences(csv);
    expect(report.status).toBe("rejected");
    expect(report.problems).toEqual([
      { line: 3, reason: "No participant HAT-9999 at this clinic." },
      { line: 4, reason: `Offence date ${addLocalDays(today, 1)} is in the future; offence type is missing; severity score -2 is below 0.` },
      { line: 6, reason: "This row has more cells than the header (5 against 4)." },
    ]);
  });

  it("does not see another clinic's participants", async () => {
    const report = await offences(csvOf("reference,offence date,offence type,severity score", [`${refs[0]},2025-01-01,Shoplifting,3`]), otherAdmin);
    expect(report.problems).toEqual([{ line: 2, reason: `No participant ${refs[0]} at this clinic.` }]);
  });

  it.each([
    ["an empty file", "", 1, "The file is empty"],
    ["a missing column", "reference,offence date,severity score\r\nX,2025-01-01,3\r\n", 1, "The header has no offence type column"],
    ["an unclosed quote", 'reference,offence date,offence type,severity score\r\nA,2025-01-01,"Theft,3\r\n', 2, "a quote is opened and never closed"],
    ["text after a closing quote", 'reference,offence date,offence type,severity score\r\nA,2025-01-01,Shoplifting,3\r\nA,2025-01-02,"Theft" of bike,3\r\n', 3, "text after a closing quote"],
    ["a file saved in a legacy encoding", "reference,offence date,offence type,severity score\r\nA,2025-01-01,Caf\uFFFD,3\r\n", 1, "not UTF-8"],
  ])("rejects %s with one clear problem", async (_name, csv, line, reason) => {
    const report = await offences(csv);
    expect(report).toMatchObject({ status: "rejected", problemCount: 1 });
    expect(report.problems[0]!.line).toBe(line);
    expect(report.problems[0]!.reason).toContain(reason);
  });

  it("counts lines as a spreadsheet does: a byte-order mark, blank lines and a cell over two lines", async () => {
    const csv = `\uFEFFreference,offence date,offence type,severity score\r\n\r\n${refs[0]},2025-03-01,"Theft\nfrom person",20\r\n${refs[0]},2025-03-02,Shoplifting,x\r\n`;
    expect((await offences(csv)).problems).toEqual([{ line: 5, reason: 'Severity score "x" is not a whole number.' }]);
  });

  it("reads a stray quote inside an unquoted cell as text", async () => {
    const report = await offences(csvOf("reference,offence date,offence type,severity score", [`${refs[0]},2025-03-03,Theft of "pedal" cycle,8`]));
    expect(report).toMatchObject({ status: "imported", added: 1 });
    expect(await db.prisma.offence.count({ where: { offenceType: 'Theft of "pedal" cycle' } })).toBe(1);
  });
});

describe("urine result import", () => {
  const header = "Client reference,Sample date,Analyte,Result";

  it("maps laboratory names, and makes one imported screen per person and date", async () => {
    const csv = csvOf(header, [
      `${refs[0]},2025-04-01,6-MAM,Positive`,
      `${refs[0]},2025-04-01,Acetylcodeine,Negative`,
      `${refs[0]},2025-04-01,Benzoylecgonine,POS`,
      `${refs[0]},2025-04-01,EtG,not detected`,
      `${refs[1]},2025-04-01,Papaverine,+`,
      `${refs[1]},2025-04-01,Papaverine,+`,
    ]);
    expect(await urine(csv)).toMatchObject({ status: "imported", rowsRead: 6, added: 5, screensCreated: 2, duplicatesInFile: 1 });
    const screens = await db.prisma.urineScreen.findMany({ include: { results: true, participant: true }, orderBy: { participant: { reference: "asc" } } });
    expect(screens.map((s) => ({ ref: s.participant.reference, source: s.source, supervised: s.supervised, recordedById: s.recordedById }))).toEqual([
      { ref: refs[0], source: "IMPORT", supervised: false, recordedById: admin.userId },
      { ref: refs[1], source: "IMPORT", supervised: false, recordedById: admin.userId },
    ]);
    expect(Object.fromEntries(screens[0]!.results.map((r) => [r.substance, r.result]))).toEqual({
      MORPHINE_6MAM: "POSITIVE",
      ACETYLCODEINE: "NEGATIVE",
      COCAINE: "POSITIVE",
      ALCOHOL_ETG: "NEGATIVE",
    });
    expect(await urine(csv)).toMatchObject({ status: "imported", added: 0, screensCreated: 0, alreadyRecorded: 5, duplicatesInFile: 1 });
    expect(await db.prisma.urineResult.count()).toBe(5);
  });

  it("adds a later test of the same sample to the screen already imported", async () => {
    expect(await urine(csvOf(header, [`${refs[0]},2025-04-01,Noscapine,negative`]))).toMatchObject({ added: 1, screensCreated: 0 });
    expect(await db.prisma.urineScreen.count()).toBe(2);
  });

  it("refuses a file that contradicts itself or an earlier import, naming both", async () => {
    const report = await urine(
      csvOf(header, [`${refs[2]},2025-04-02,Cocaine,negative`, `${refs[2]},2025-04-02,Crack,positive`, `${refs[0]},2025-04-01,6MAM,negative`]),
    );
    expect(report.problems).toEqual([
      { line: 3, reason: `Line 2 gives Cocaine / crack for ${refs[2]} on 2025-04-02 as negative; this row says positive.` },
      { line: 4, reason: "Morphine / 6-MAM on 2025-04-01 was imported before as positive; this row says negative. Check with the laboratory." },
    ]);
    expect(await db.prisma.urineResult.count()).toBe(6);
  });

  it("refuses names it does not know rather than guessing", async () => {
    const report = await urine(csvOf(header, [`${refs[0]},2025-04-03,Heroin,positive`, `${refs[0]},2025-04-03,Cannabis,weak`]));
    expect(report.problems).toEqual([
      { line: 2, reason: 'Substance "Heroin" is not one the clinic screens for.' },
      { line: 3, reason: 'Result "weak" is neither positive nor negative.' },
    ]);
  });

  // Issue 17, finding 1: a sample with no street-heroin marker is accepted, stored as reported and marked.
  it("accepts a sample with no street-heroin marker result, stores only what was reported, and marks it not tested for street heroin", async () => {
    const partial = csvOf(header, [`${refs[2]},2025-05-02,6-MAM,positive`, `${refs[2]},2025-05-02,Cocaine,negative`, `${refs[1]},2025-05-02,Papaverine,negative`]);
    expect(await urine(partial)).toMatchObject({ status: "imported", added: 3, screensCreated: 2, screensNotTestedForStreetHeroin: 1 });
    const screen = await db.prisma.urineScreen.findFirstOrThrow({ where: { participant: { reference: refs[2] }, collectedOn: new Date("2025-05-02T00:00:00Z") }, include: { results: true } });
    expect(screen.results.map((r) => r.substance).sort()).toEqual(["COCAINE", "MORPHINE_6MAM"]);
    // The laboratory's marker result arrives later: the sample is then tested.
    expect(await urine(csvOf(header, [`${refs[2]},2025-05-02,Noscapine,negative`]))).toMatchObject({ added: 1, screensNotTestedForStreetHeroin: 0 });
  });
});

describe("the upload action", () => {
  const upload = (kind: string, text: string) => {
    const data = new FormData();
    data.set("kind", kind);
    data.set("file", new File([text], "extract.csv", { type: "text/csv" }));
    return importCsvAction(null, data);
  };

  it("imports an uploaded file for an administrator and returns the report", async () => {
    signedInAs.actor = admin;
    const result = await upload("offences", csvOf("reference,offence date,offence type,severity score", [`${refs[2]},2025-05-05,Burglary (dwelling),90`]));
    expect(result).toMatchObject({ ok: true, data: { kind: "offences", status: "imported", added: 1 } });
  });

  it("returns the row report, not an error, when rows are bad", async () => {
    const result = await upload("urine", csvOf("reference,date,substance,result", [`${refs[2]},2025-05-05,Ketamine,positive`]));
    expect(result).toMatchObject({ ok: true, data: { status: "rejected", problems: [{ line: 2 }] } });
  });

  it("does not let a nurse import", async () => {
    signedInAs.actor = nurse;
    expect(await upload("offences", "reference,offence date,offence type,severity score\r\n")).toMatchObject({ ok: false, code: "forbidden" });
  });
});
