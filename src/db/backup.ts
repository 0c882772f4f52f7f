import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { DatabaseConfig } from "./config";
import { lockDataDir } from "./pglite-lock";
import { createPrivateFiles, makePrivate, privateDir } from "./private-files";

/**
 * Backups of either database, in the engine's own format:
 * - PGlite: the data directory as PGlite's own tarball (`dumpDataDir`), taken with the
 *   directory locked, so never while the app (or a script) has it open: a copy of files
 *   another process is writing is not a backup. Restoring loads the tarball into a fresh
 *   directory beside the data, checks it opens, and only then swaps it in; the replaced
 *   directory is kept beside it.
 * - PostgreSQL: `pg_dump -Fc` (one consistent snapshot while the app runs) and
 *   `pg_restore --clean --if-exists` in one transaction: all of the backup or nothing.
 *   The append-only triggers are dropped with their tables and recreated after the data is
 *   loaded, so they neither block the restore nor are lost by it.
 *
 * A backup holds every participant's identity: it is written readable by its owner only.
 */

export type BackupKind = "pglite" | "postgres";
export type BackupOutcome = { kind: BackupKind; file: string; bytes: number; seconds: number };
export type RestoreOutcome = {
  kind: BackupKind;
  from: string;
  seconds: number;
  /** PGlite: where the data directory that was replaced now is (kept until you delete it). */
  replacedDataDir?: string;
  /** Migrations of this build the restored database lacks: run `npm run db:migrate` when > 0. */
  pendingMigrations: number;
};

const MIGRATIONS_DIR = path.resolve("prisma/migrations");

/** Where the backup goes when none is named: ./backups/hat-<engine>-<UTC time>.<ext>. */
export function defaultBackupPath(config: DatabaseConfig, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, "-").replace(/-\d{3}Z$/, "Z");
  const kind = backupKind(config);
  return path.resolve("backups", `hat-${kind}-${stamp}.${kind === "pglite" ? "tar.gz" : "dump"}`);
}

/** The database in words, without its password. */
export function describeDatabase(config: DatabaseConfig): string {
  switch (config.kind) {
    case "pglite":
      return `the embedded database at ${config.dataDir}`;
    case "pglite-memory":
      return "an in-memory database";
    case "postgres": {
      const url = new URL(config.url);
      return `PostgreSQL database ${decodeURIComponent(url.pathname.slice(1)) || "(default)"} on ${url.host}`;
    }
  }
}

function backupKind(config: DatabaseConfig): BackupKind {
  if (config.kind === "pglite-memory") throw new Error("An in-memory database has nothing to back up or restore: set DATABASE_URL.");
  return config.kind;
}

export async function backupDatabase(config: DatabaseConfig, dest: string): Promise<BackupOutcome> {
  const kind = backupKind(config);
  const file = path.resolve(dest);
  if (fs.existsSync(file)) throw new Error(`${file} already exists: name a new file, so no earlier backup is overwritten.`);
  privateDir(path.dirname(file));
  createPrivateFiles();
  const partial = `${file}.partial`;
  const started = performance.now();
  try {
    if (config.kind === "pglite") await dumpPglite(config.dataDir, partial);
    else if (config.kind === "postgres") await dumpPostgres(config.url, partial);
    fs.chmodSync(partial, 0o600);
    fs.renameSync(partial, file);
  } finally {
    fs.rmSync(partial, { force: true });
  }
  return { kind, file, bytes: fs.statSync(file).size, seconds: (performance.now() - started) / 1000 };
}

export async function restoreDatabase(config: DatabaseConfig, src: string, options: { force?: boolean } = {}): Promise<RestoreOutcome> {
  const kind = backupKind(config);
  const from = path.resolve(src);
  const found = detectBackupKind(from);
  if (found !== kind) {
    throw new Error(
      found === null
        ? `${from} is not a HAT Clinic backup (neither a PGlite tarball nor a pg_dump archive).`
        : `${from} is a ${found === "pglite" ? "PGlite" : "PostgreSQL"} backup, but DATABASE_URL names ${describeDatabase(config)}. Restore it into the same kind of database.`,
    );
  }
  const started = performance.now();
  let restored: { replacedDataDir?: string; pendingMigrations: number };
  if (config.kind === "pglite") restored = await restorePglite(config.dataDir, from);
  else if (config.kind === "postgres") restored = await restorePostgres(config.url, from, options);
  else throw new Error("unreachable");
  return { kind, from, seconds: (performance.now() - started) / 1000, ...restored };
}

/** By content, not name: a PGlite backup is gzip, a pg_dump custom archive starts "PGDMP". */
export function detectBackupKind(file: string): BackupKind | null {
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist.`);
  const head = Buffer.alloc(5);
  const fd = fs.openSync(file, "r");
  try {
    fs.readSync(fd, head, 0, 5, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (head[0] === 0x1f && head[1] === 0x8b) return "pglite";
  if (head.toString("latin1") === "PGDMP") return "postgres";
  return null;
}

// ─── PGlite ──────────────────────────────────────────────────────────────────

async function dumpPglite(dataDir: string, file: string): Promise<void> {
  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) throw new Error(`There is no embedded database at ${dataDir}.`);
  // Refuses while the app or a script has the directory open.
  const release = lockDataDir(dataDir);
  try {
    const db = new PGlite(dataDir);
    try {
      // A checkpoint first, so the copy needs no WAL replay when it is opened.
      await db.exec("CHECKPOINT");
      const tarball = await db.dumpDataDir("gzip");
      fs.writeFileSync(file, Buffer.from(await tarball.arrayBuffer()), { mode: 0o600 });
    } finally {
      await db.close();
    }
  } finally {
    release();
  }
}

async function restorePglite(dataDir: string, file: string): Promise<{ replacedDataDir?: string; pendingMigrations: number }> {
  const release = lockDataDir(dataDir);
  const staging = `${dataDir}.restoring`;
  try {
    fs.rmSync(staging, { recursive: true, force: true });
    createPrivateFiles();
    let pendingMigrations: number;
    const db = new PGlite(staging, { loadDataDir: new Blob([fs.readFileSync(file)]) });
    try {
      pendingMigrations = await pendingIn(async (text) => (await db.query<{ migration_name: string }>(text)).rows);
    } finally {
      await db.close();
    }
    let replacedDataDir: string | undefined;
    if (fs.existsSync(dataDir)) {
      replacedDataDir = `${dataDir}.replaced-${new Date().toISOString().replace(/[:.]/g, "-")}`;
      fs.renameSync(dataDir, replacedDataDir);
    }
    fs.renameSync(staging, dataDir);
    makePrivate(dataDir);
    return { replacedDataDir, pendingMigrations };
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  } finally {
    release();
  }
}

// ─── PostgreSQL ──────────────────────────────────────────────────────────────

const execFileAsync = promisify(execFile);

/** Connection parameters libpq understands; the rest of a Prisma URL (schema=, connection_limit=…) is dropped. */
const LIBPQ_PARAMS = new Set(["sslmode", "sslrootcert", "sslcert", "sslkey", "sslcrl", "application_name", "connect_timeout", "options", "target_session_attrs", "channel_binding", "gssencmode", "host", "port"]);

/** The URL for pg_dump/pg_restore without its password (which goes in PGPASSWORD, out of the process list). */
function libpqTarget(databaseUrl: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = "";
  for (const key of [...url.searchParams.keys()]) if (!LIBPQ_PARAMS.has(key)) url.searchParams.delete(key);
  return { dbname: url.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

async function serverMajor(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version_num: string }>("SHOW server_version_num");
    return Math.floor(Number(rows[0]!.server_version_num) / 10_000);
  } finally {
    await client.end();
  }
}

async function toolMajor(binary: string): Promise<number | null> {
  try {
    const { stdout } = await execFileAsync(binary, ["--version"]);
    const match = /\(PostgreSQL\)\s+(\d+)/.exec(stdout);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/**
 * pg_dump refuses a server newer than itself, and an archive is best restored by the same
 * major version: the server's own version's tools first (Debian keeps them in
 * /usr/lib/postgresql/<major>/bin), then any newer, then whatever PATH holds. PG_BINDIR
 * overrides the search.
 */
export async function findPgTools(major: number): Promise<{ pgDump: string; pgRestore: string; version: number }> {
  const installed = fs.existsSync("/usr/lib/postgresql")
    ? fs
        .readdirSync("/usr/lib/postgresql")
        .map(Number)
        .filter((v) => Number.isInteger(v) && v > major)
        .sort((a, b) => a - b)
    : [];
  const dirs = [process.env.PG_BINDIR, `/usr/lib/postgresql/${major}/bin`, ...installed.map((v) => `/usr/lib/postgresql/${v}/bin`), ""].filter(
    (d): d is string => d !== undefined,
  );
  for (const dir of dirs) {
    const pgDump = dir ? path.join(dir, "pg_dump") : "pg_dump";
    const pgRestore = dir ? path.join(dir, "pg_restore") : "pg_restore";
    const version = await toolMajor(pgDump);
    if (version !== null && version >= major && (await toolMajor(pgRestore)) !== null) return { pgDump, pgRestore, version };
  }
  throw new Error(`No pg_dump/pg_restore for PostgreSQL ${major} or newer: install the client tools (Debian: postgresql-client-${major}) or set PG_BINDIR.`);
}

/** Runs a client tool; its error output is shown only if it fails. */
function run(binary: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-8_000);
    });
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(binary)} exited with ${code}:\n${stderr.trim()}`))));
  });
}

async function dumpPostgres(databaseUrl: string, file: string): Promise<void> {
  const tools = await findPgTools(await serverMajor(databaseUrl));
  const { dbname, env } = libpqTarget(databaseUrl);
  await run(tools.pgDump, ["--format=custom", "--no-password", `--file=${file}`, `--dbname=${dbname}`], env);
}

async function restorePostgres(databaseUrl: string, file: string, options: { force?: boolean }): Promise<{ pendingMigrations: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ others: string }>(
      "SELECT count(*) AS others FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
    );
    const others = Number(rows[0]!.others);
    if (others > 0 && !options.force) {
      throw new Error(`${others} other connection(s) to the database are open (the app?). Stop the app first, or pass --force.`);
    }
  } finally {
    await client.end();
  }
  const tools = await findPgTools(await serverMajor(databaseUrl));
  const { dbname, env } = libpqTarget(databaseUrl);
  // The archive is read in full first: a damaged file stops here, before anything is dropped.
  await run(tools.pgRestore, ["--list", file], env);
  // Objects are owned by (and granted to) the user the app connects as, as the migrations made them.
  await run(
    tools.pgRestore,
    ["--clean", "--if-exists", "--no-owner", "--no-acl", "--single-transaction", "--exit-on-error", "--no-password", `--dbname=${dbname}`, file],
    env,
  );
  const after = new pg.Client({ connectionString: databaseUrl });
  await after.connect();
  try {
    return { pendingMigrations: await pendingIn(async (text) => (await after.query<{ migration_name: string }>(text)).rows) };
  } finally {
    await after.end();
  }
}

/** How many of this build's migrations the database has not applied. */
async function pendingIn(query: (text: string) => Promise<{ migration_name: string }[]>): Promise<number> {
  const applied = new Set(
    (await query("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL")).map((r) => r.migration_name),
  );
  const shipped = fs.existsSync(MIGRATIONS_DIR)
    ? fs
        .readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
    : [];
  return shipped.filter((name) => !applied.has(name)).length;
}
