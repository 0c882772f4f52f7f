import type pg from "pg";

/**
 * Two roles for a PostgreSQL deployment (issue 16, finding 6): an owner that holds the
 * schema and runs the migrations, and the role the app connects as, which may read and
 * write rows and nothing else. Not owning the tables, the app cannot disable or drop their
 * append-only triggers (ALTER TABLE … DISABLE TRIGGER and DROP need ownership), nor
 * TRUNCATE (a privilege it is not granted), nor create objects of its own.
 */
export type DatabaseRoles = { owner: string; app: string };

export type RolesSetUp = {
  /** Roles this run created, with the password it gave them (shown once, never stored). */
  created: { role: string; password: string }[];
};

/** Names PostgreSQL accepts unquoted, so they read the same in URLs, logs and psql. */
const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

const quote = (name: string) => `"${name}"`;

/**
 * Run by a superuser connected to the clinic's database; repeatable. Creates either role if
 * missing (with the password given, or none: the caller makes one), makes the owner own the
 * database, its schema and every object in it, and grants the app role row access only,
 * now and (default privileges) for every table a later migration creates.
 */
export async function setUpRoles(client: pg.ClientBase, roles: DatabaseRoles, passwords: Partial<Record<keyof DatabaseRoles, string>> = {}): Promise<RolesSetUp> {
  for (const name of [roles.owner, roles.app]) {
    if (!ROLE_NAME.test(name)) throw new Error(`A role name is lower-case letters, digits and _ (got "${name}")`);
  }
  if (roles.owner === roles.app) throw new Error("The owner and the app role must be two different roles");
  const { rows } = await client.query<{ database: string; superuser: boolean }>(
    "SELECT current_database() AS database, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser",
  );
  const { database, superuser } = rows[0]!;
  if (!superuser) throw new Error("Run this as a PostgreSQL superuser (such as postgres), connected to the clinic's database");

  const created: RolesSetUp["created"] = [];
  for (const kind of ["owner", "app"] as const) {
    const role = roles[kind];
    const attributes = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS";
    const exists = (await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role])).rowCount! > 0;
    if (exists) {
      await client.query(`ALTER ROLE ${quote(role)} ${attributes}`);
      continue;
    }
    const password = passwords[kind];
    if (!password) throw new Error(`No password given for the new role ${role}`);
    try {
      await client.query(`CREATE ROLE ${quote(role)} ${attributes} PASSWORD ${client.escapeLiteral(password)}`);
      created.push({ role, password });
    } catch (error) {
      // Made meanwhile by another run (parallel test workers share the server's roles).
      if (!["42710", "23505"].includes((error as { code?: string }).code ?? "")) throw error;
    }
  }

  const owner = quote(roles.owner);
  const app = quote(roles.app);
  const db = quote(database);
  await client.query(`ALTER DATABASE ${db} OWNER TO ${owner}`);
  await client.query(`REVOKE ALL ON DATABASE ${db} FROM PUBLIC`);
  await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${db} TO ${app}`);
  await client.query(`ALTER SCHEMA public OWNER TO ${owner}`);
  await client.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
  await client.query(`GRANT USAGE ON SCHEMA public TO ${app}`);

  // A database the app used to own (or a superuser did): hand every object to the owner.
  const objects = await client.query<{ statement: string }>(
    `SELECT format('ALTER %s %s OWNER TO %I', kind, name, $1::text) AS statement FROM (
       SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END AS kind,
              format('%I.%I', n.nspname, c.relname) AS name, c.relowner AS owner
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm')
          OR n.nspname = 'public' AND c.relkind = 'S' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))
       UNION ALL
       SELECT 'FUNCTION', p.oid::regprocedure::text, p.proowner FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
       UNION ALL
       SELECT 'TYPE', format('%I.%I', n.nspname, t.typname), t.typowner FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
       WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'c') AND (t.typrelid = 0 OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
     ) objects WHERE owner <> (SELECT oid FROM pg_roles WHERE rolname = $1)`,
    [roles.owner],
  );
  for (const { statement } of objects.rows) await client.query(statement);

  await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app}`);
  await client.query(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ${app}`);
  await client.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app}`);
  await client.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT USAGE ON SEQUENCES TO ${app}`);
  // The migration history is the owner's to write; the app only reads it (GET /api/health).
  await client.query(`DO $$ BEGIN IF to_regclass('public._prisma_migrations') IS NOT NULL THEN REVOKE INSERT, UPDATE, DELETE ON public._prisma_migrations FROM ${app}; END IF; END $$`);
  return { created };
}
