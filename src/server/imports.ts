import "server-only";
import type { Actor } from "@/auth/actor";
import type { Tx } from "@/db/client";
import type { ImportReport } from "./csv-import";
import type { ImportKind } from "./imports.input";
import { importOffences } from "./offences";
import { log } from "./log";
import { importUrineResults } from "./urine-screens";

/** Runs the import a file is for: a police extract of offences or a laboratory's urine results. */
export async function importCsv(tx: Tx, actor: Actor, input: { kind: ImportKind; csvText: string }): Promise<ImportReport> {
  const started = performance.now();
  const report = input.kind === "offences" ? await importOffences(tx, actor, input.csvText) : await importUrineResults(tx, actor, input.csvText);
  // Counts only: the problems name rows of the file, and rows carry references.
  const { kind, status, rowsRead, added, duplicatesInFile, alreadyRecorded, screensCreated, screensNotTestedForStreetHeroin, problemCount } = report;
  log.info(
    { event: "import", kind, status, userId: actor.userId, siteId: actor.siteId, rowsRead, added, duplicatesInFile, alreadyRecorded, screensCreated, screensNotTestedForStreetHeroin, problemCount, ms: Math.round(performance.now() - started) },
    status === "imported" ? "import written" : "import rejected",
  );
  return report;
}
