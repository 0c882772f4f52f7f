"use server";

import { defineAction } from "@/server/action";
import { importCsv } from "@/server/imports";
import { ImportCsvInput } from "@/server/imports.input";

export const importCsvAction = defineAction({
  name: "import.csv",
  permission: "import.run",
  input: ImportCsvInput,
  run: async (tx, actor, input) => importCsv(tx, actor, { kind: input.kind, csvText: await input.file.text() }),
  revalidate: (_, report) => (report.status === "imported" ? ["/participants", "/participants/top-due"] : []),
});
