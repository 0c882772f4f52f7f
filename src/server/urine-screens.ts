import "server-only";
import type { Actor } from "@/auth/actor";
import type { Tx } from "@/db/client";
import { clinicDate, dbDateToLocal, localDateToDb, type LocalDate } from "@/domain/clinic-time";
import { checkUrineRow, URINE_COLUMNS, type UrineRow } from "@/domain/import-rows";
import { SUBSTANCE_LABEL } from "@/domain/labels";
import { isStreetHeroinPositive, streetHeroinStatus, SUBSTANCES, type ScreenResult } from "@/domain/urine";
import { audit } from "./audit";
import {
  describeReasons,
  fileFingerprint,
  inChunks,
  lockSiteForImport,
  participantsByReference,
  readCsv,
  rejected,
  rowsPerStatement,
  type ImportProblem,
  type ImportReport,
} from "./csv-import";
import { RuleError } from "./errors";
import type { RecordUrineScreenInput } from "./urine-screens.input";

/**
 * Urine (or oral fluid) screens. Street heroin shows only by its markers; prescribed
 * diamorphine shows as morphine/6-MAM, kept as a result of its own (DOMAIN.md "Urine screens").
 */

/** A screen a nurse read at the clinic: a result for every substance. */
export async function recordUrineScreen(tx: Tx, actor: Actor, input: RecordUrineScreenInput) {
  const participant = await tx.participant.findFirst({ where: { id: input.participantId, siteId: actor.siteId }, select: { id: true } });
  if (!participant) throw new RuleError("participant.notFound", "No such participant at this clinic.");
  const screen = await tx.urineScreen.create({
    data: {
      siteId: actor.siteId,
      participantId: participant.id,
      collectedOn: localDateToDb(input.collectedOn),
      sampleType: input.sampleType,
      supervised: input.supervised,
      source: "MANUAL",
      recordedById: actor.userId,
      results: { create: SUBSTANCES.map((substance) => ({ substance, result: input.results[substance] })) },
    },
  });
  const positives = SUBSTANCES.filter((substance) => input.results[substance] === "POSITIVE");
  await audit(tx, actor, {
    action: "urineScreen.record",
    entity: "UrineScreen",
    entityId: screen.id,
    participantId: participant.id,
    summary: {
      collectedOn: input.collectedOn,
      supervised: input.supervised,
      streetHeroin: isStreetHeroinPositive(SUBSTANCES.map((substance) => ({ substance, result: input.results[substance] }))),
      positives,
    },
  });
  return { id: screen.id, participantId: participant.id };
}

type ResolvedResult = UrineRow & { participantId: string; line: number };
const sampleKey = (r: { participantId: string; date: LocalDate }) => `${r.participantId}|${r.date}`;
const resultKey = (r: { participantId: string; date: LocalDate; substance: string }) => `${sampleKey(r)}|${r.substance}`;
const resultWord = (result: ScreenResult) => (result === "POSITIVE" ? "positive" : "negative");

/**
 * Imports a laboratory's results (columns: reference, date, substance, result), one row per
 * test. A lab's names for tests ("6-MAM", "benzoylecgonine", "EtG") become the clinic's
 * substances. The results for one person and collection date form one imported screen;
 * a lab extract does not say whether collection was observed, so imported screens are
 * recorded as unsupervised. All-or-nothing, like the offence import; a result already
 * imported is skipped, and a different result for the same test is a problem to resolve.
 * A sample reporting no street-heroin marker (only 6-MAM and cocaine, say) is accepted and
 * stored as reported; the report counts it as not tested for street heroin.
 */
export async function importUrineResults(tx: Tx, actor: Actor, csvText: string, today: LocalDate = clinicDate(new Date())): Promise<ImportReport> {
  await lockSiteForImport(tx, actor.siteId);
  const csv = readCsv(csvText, URINE_COLUMNS);
  if (!csv.ok) return rejected("urine", 0, [csv.problem]);

  const participants = await participantsByReference(tx, actor.siteId, csv.rows.map((row) => row.cells.reference.trim()));
  const problems: ImportProblem[] = [...csv.problems];
  const inFile = new Map<string, ResolvedResult>();
  let duplicatesInFile = 0;
  for (const row of csv.rows) {
    const check = checkUrineRow(row.cells, today);
    const reasons = check.ok ? [] : [...check.reasons];
    const reference = row.cells.reference.trim();
    const participantId = participants.get(reference);
    if (reference && !participantId) reasons.push(`no participant ${reference} at this clinic`);
    if (!check.ok || !participantId) {
      problems.push({ line: row.line, reason: describeReasons(reasons) });
      continue;
    }
    const result: ResolvedResult = { ...check.value, participantId, line: row.line };
    const earlier = inFile.get(resultKey(result));
    if (!earlier) inFile.set(resultKey(result), result);
    else if (earlier.result === result.result) duplicatesInFile++;
    else {
      const what = `${SUBSTANCE_LABEL[result.substance]} for ${reference} on ${result.date}`;
      problems.push({ line: row.line, reason: `Line ${earlier.line} gives ${what} as ${resultWord(earlier.result)}; this row says ${resultWord(result.result)}.` });
    }
  }
  const rowsRead = csv.rows.length + csv.problems.length;

  const results = [...inFile.values()];
  const held = await importedScreens(tx, results);
  const toAdd: ResolvedResult[] = [];
  let alreadyRecorded = 0;
  for (const result of results) {
    const heldResult = held.get(sampleKey(result))?.results.get(result.substance);
    if (!heldResult) toAdd.push(result);
    else if (heldResult === result.result) alreadyRecorded++;
    else {
      const what = `${SUBSTANCE_LABEL[result.substance]} on ${result.date}`;
      problems.push({ line: result.line, reason: `${what} was imported before as ${resultWord(heldResult)}; this row says ${resultWord(result.result)}. Check with the laboratory.` });
    }
  }
  if (problems.length > 0) return rejected("urine", rowsRead, problems);

  const samples = new Map<string, { substance: string; result: ScreenResult }[]>();
  for (const result of results) {
    const key = sampleKey(result);
    if (!samples.has(key)) samples.set(key, [...(held.get(key)?.results ?? [])].map(([substance, heldResult]) => ({ substance, result: heldResult })));
  }
  for (const result of toAdd) samples.get(sampleKey(result))!.push(result);
  const screensNotTestedForStreetHeroin = [...samples.values()].filter((sample) => streetHeroinStatus(sample) === "NOT_TESTED").length;

  const newSamples = new Map<string, ResolvedResult>();
  for (const result of toAdd) if (!held.has(sampleKey(result))) newSamples.set(sampleKey(result), result);
  const screenIds = new Map([...held].map(([key, screen]) => [key, screen.id]));
  await inChunks([...newSamples.values()], rowsPerStatement(8), async (chunk) => {
    const created = await tx.urineScreen.createManyAndReturn({
      data: chunk.map((r) => ({
        siteId: actor.siteId,
        participantId: r.participantId,
        collectedOn: localDateToDb(r.date),
        sampleType: "URINE" as const,
        supervised: false,
        source: "IMPORT" as const,
        recordedById: actor.userId,
      })),
      select: { id: true, participantId: true, collectedOn: true },
    });
    for (const screen of created) screenIds.set(sampleKey({ participantId: screen.participantId, date: dbDateToLocal(screen.collectedOn) }), screen.id);
    return created.length;
  });
  const added = await inChunks(toAdd, rowsPerStatement(4), async (chunk) => {
    const data = chunk.map((r) => ({ screenId: screenIds.get(sampleKey(r))!, substance: r.substance, result: r.result }));
    return (await tx.urineResult.createMany({ data })).count;
  });

  const report: ImportReport = {
    kind: "urine",
    status: "imported",
    rowsRead,
    added,
    duplicatesInFile,
    alreadyRecorded,
    screensCreated: newSamples.size,
    screensNotTestedForStreetHeroin,
    problemCount: 0,
    problems: [],
  };
  await audit(tx, actor, {
    action: "urineScreen.import",
    entity: "ImportFile",
    entityId: fileFingerprint(csvText),
    summary: { rowsRead, added, screensCreated: newSamples.size, screensNotTestedForStreetHeroin, duplicatesInFile, alreadyRecorded },
  });
  return report;
}

/** Screens earlier imports made for these people and dates, with their results. */
async function importedScreens(tx: Tx, results: readonly ResolvedResult[]) {
  const held = new Map<string, { id: string; results: Map<string, ScreenResult> }>();
  if (results.length === 0) return held;
  const dates = results.map((r) => r.date).sort();
  const participantIds = [...new Set(results.map((r) => r.participantId))];
  await inChunks(participantIds, rowsPerStatement(1), async (chunk) => {
    const screens = await tx.urineScreen.findMany({
      where: {
        source: "IMPORT",
        participantId: { in: chunk },
        collectedOn: { gte: localDateToDb(dates[0]!), lte: localDateToDb(dates.at(-1)!) },
      },
      include: { results: true },
      orderBy: { createdAt: "asc" },
    });
    for (const screen of screens) {
      const key = sampleKey({ participantId: screen.participantId, date: dbDateToLocal(screen.collectedOn) });
      if (!held.has(key)) held.set(key, { id: screen.id, results: new Map(screen.results.map((r) => [r.substance, r.result])) });
    }
    return screens.length;
  });
  return held;
}
