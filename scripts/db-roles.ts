// npm run db:roles -- [--owner hat_owner] [--app hat_app]
// Gives the PostgreSQL database DATABASE_URL names its two roles (src/db/roles.ts): an owner
// that runs the migrations and the role the app connects as. Run it as a superuser connected
// to the clinic's database, before the first `npm run db:migrate` and again after any
// migration (it is repeatable). A role it creates gets a random password, printed once.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import pg from "pg";
import { parseDatabaseUrl } from "@/db/config";
import { setUpRoles } from "@/db/roles";

const { values } = parseArgs({ options: { owner: { type: "string", default: "hat_owner" }, app: { type: "string", default: "hat_app" } } });
const config = parseDatabaseUrl(process.env.DATABASE_URL);
if (config.kind !== "postgres") {
  console.error("db:roles is for PostgreSQL: set DATABASE_URL to a superuser's postgresql:// URL for the clinic's database. The embedded database has one role.");
  process.exit(2);
}

const client = new pg.Client({ connectionString: config.url });
try {
  await client.connect();
  const roles = { owner: values.owner, app: values.app };
  const password = () => randomBytes(24).toString("base64url");
  const { created } = await setUpRoles(client, roles, { owner: password(), app: password() });
  const url = (role: string, secret: string) => {
    const target = new URL(config.url);
    target.username = role;
    target.password = secret;
    return target.toString();
  };
  for (const { role, password: secret } of created) {
    const use = role === roles.owner ? "npm run db:migrate, backups and restores" : "the app (npm start, scripts)";
    console.log(`Created role ${role} for ${use}. Its password is shown only now:\n  DATABASE_URL=${url(role, secret)}`);
  }
  console.log(`Roles ready: ${roles.owner} owns the database and runs migrations; ${roles.app} reads and writes rows only.`);
} catch (error) {
  console.error(`Setting up the roles failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await client.end();
}
