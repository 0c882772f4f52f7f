"use server";

import { defineAction, type ActionState } from "@/server/action";
import { importCsv } from "@/server/imports";
import { ImportCsvInput } from "@/server/imports.input";

const runImport = defineAction({
  name: "import.csv",
  permission: "import.run",
  input: ImportCsvInput,
  run: async (tx, actor, input) => importCsv(tx, actor, { kind: input.kind, csvText: await input.file.text() }),
  revalidate: (_, report) => (report.status === "imported" ? ["/participants", "/participants/top-due"] : []),
});

export async function importCsvAction(previous: ActionState, form: FormData) {
  return runImport(previous, form);
}
