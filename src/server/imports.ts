import "server-only";
import type { Actor } from "@/auth/actor";
import type { Tx } from "@/db/client";
import type { ImportReport } from "./csv-import";
import type { ImportKind } from "./imports.input";
import { importOffences } from "./offences";
import { importUrineResults } from "./urine-screens";

/** Runs the import a file is for: a police extract of offences or a laboratory's urine results. */
export async function importCsv(tx: Tx, actor: Actor, input: { kind: ImportKind; csvText: string }): Promise<ImportReport> {
  return input.kind === "offences" ? importOffences(tx, actor, input.csvText) : importUrineResults(tx, actor, input.csvText);
}
