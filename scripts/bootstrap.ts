// npm run bootstrap -- --email <email> --name "<name>" --site "<site name>" --site-code <CODE>
// A clinic's first run: creates its site and first administrator in the database
// DATABASE_URL names, prints a one-time password once (changed at first sign-in), and
// refuses once any administrator exists. No demo data. Run with the react-server condition
// (server modules are marked "server-only"): tsx --conditions=react-server scripts/bootstrap.ts
import { parseArgs } from "node:util";
import { closeDatabase, openDatabase, type Database } from "@/db/client";
import { Prisma } from "@/generated/prisma/client";
import { bootstrapClinic } from "@/server/bootstrap";
import { BootstrapInput } from "@/server/bootstrap.input";
import { RuleError } from "@/server/errors";

const FLAG: Record<string, string> = { email: "--email", name: "--name", siteName: "--site", siteCode: "--site-code" };
const USAGE = 'Usage: npm run bootstrap -- --email <email> --name "<your name>" --site "<site name>" --site-code <CODE>';

function explain(error: unknown): string {
  if (error instanceof RuleError) return error.message;
  // P2021: a table is missing, so the migrations have not been applied.
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2021") return "the database has no tables yet. Run `npm run db:migrate` first.";
  return error instanceof Error ? error.message : String(error);
}

let database: Database | undefined;
try {
  const { values } = parseArgs({ options: { email: { type: "string" }, name: { type: "string" }, site: { type: "string" }, "site-code": { type: "string" } } });
  const parsed = BootstrapInput.safeParse({ email: values.email, name: values.name, siteName: values.site, siteCode: values["site-code"] });
  if (!parsed.success) {
    console.error(`${USAGE}\n${parsed.error.issues.map((issue) => `  ${FLAG[String(issue.path[0])]}: ${issue.message}`).join("\n")}`);
    process.exitCode = 2;
  } else {
    database = openDatabase();
    const created = await bootstrapClinic(database.prisma, parsed.data);
    console.log(`Created site ${parsed.data.siteCode} (${parsed.data.siteName}) and its administrator ${created.email}.`);
    console.log(`One-time password (shown only now; changed at first sign-in): ${created.oneTimePassword}`);
  }
} catch (error) {
  console.error(`Bootstrap refused: ${explain(error)}`);
  process.exitCode = 1;
} finally {
  if (database) await closeDatabase(database);
}
