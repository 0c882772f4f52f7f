import { NO_REVIEW_DUE } from "../support/fixtures";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openAdapter, type AdapterHandle } from "@/db/adapter";
import { backupDatabase, restoreDatabase } from "@/db/backup";
import type { DatabaseConfig } from "@/db/config";
import { applyMigrations } from "@/db/schema-engine";
import { PrismaClient } from "@/generated/prisma/client";

/**
 * Back up, wipe, restore, compare: every table's row count and an md5 of its rows in order,
 * every sequence's position and every trigger. On PGlite by default; on PostgreSQL when
 * TEST_DATABASE_URL names a server (in a throwaway database of its own, dropped afterwards).
 */

const serverUrl = process.env.TEST_DATABASE_URL;
const engine = serverUrl ? "postgres" : "pglite";
const execFileAsync = promisify(execFile);
// Each open of an on-disk PGlite starts a PostgreSQL (seconds on a busy machine); the
// command-line test starts tsx twice as well.
const SLOW = 240_000;

let workDir: string;
let config: DatabaseConfig;
let databaseName: string | undefined;
let backupFile: string;
let original: Fingerprint;

function adminQuery(text: string) {
  return withClient(serverUrl!, (client) => client.query(text));
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Raw SQL on the database under test, opened and closed around `fn` (PGlite allows one opener). */
async function withSql<T>(fn: (sql: <R>(text: string) => Promise<R[]>) => Promise<T>): Promise<T> {
  if (config.kind === "postgres") return withClient(config.url, (client) => fn(async (text) => (await client.query(text)).rows));
  const handle = openAdapter(config);
  try {
    return await fn(async <R>(text: string) => (await handle.pglite!.query<R>(text)).rows);
  } finally {
    await handle.close();
  }
}

async function withPrisma<T>(fn: (prisma: PrismaClient, handle: AdapterHandle) => Promise<T>): Promise<T> {
  const handle = openAdapter(config);
  const prisma = new PrismaClient({ adapter: handle.factory });
  try {
    return await fn(prisma, handle);
  } finally {
    await prisma.$disconnect();
    await handle.close();
  }
}

type Fingerprint = { tables: Record<string, { rows: number; md5: string }>; sequences: Record<string, string | null>; triggers: string[] };

async function fingerprint(): Promise<Fingerprint> {
  return withSql(async (sql) => {
    const tables: Fingerprint["tables"] = {};
    const names = await sql<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
    for (const { tablename } of names) {
      const [row] = await sql<{ rows: number; md5: string }>(
        `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS md5 FROM "${tablename}" t`,
      );
      tables[tablename] = row!;
    }
    const sequences = Object.fromEntries(
      (await sql<{ sequencename: string; last_value: string | null }>("SELECT sequencename, last_value::text FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1")).map(
        (s) => [s.sequencename, s.last_value],
      ),
    );
    const triggers = (await sql<{ tgname: string }>("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname")).map((t) => t.tgname);
    return { tables, sequences, triggers };
  });
}

/** A small clinic touching every kind of value: identities, JSON, decimals, dates, append-only rows, awkward text. */
async function populate(prisma: PrismaClient) {
  const site = await prisma.site.create({ data: { code: "BKP", name: "Backup test clinic" } });
  const staff = await prisma.user.create({ data: { email: "rhiannon@clinic.example", name: "Rhiannon Ap Gwilym", role: "PRESCRIBER", siteId: site.id, passwordHash: "x" } });
  await prisma.setting.create({ data: { siteId: site.id, key: "places", value: { places: 15, note: "quoted \"value\" and ünïcödé" } } });
  const people = [
    { givenName: "Siân", familyName: "O'Brien-Ñúñez", dateOfBirth: "1981-02-28", nhsNumber: "9434765870" },
    { givenName: "Tab\tand\nnewline", familyName: "Backslash \\ Smith", dateOfBirth: "1975-12-31", nhsNumber: null },
    { givenName: "Zoë", familyName: "日本 🙂", dateOfBirth: "1990-06-15", nhsNumber: "4010232137" },
  ];
  for (const [i, person] of people.entries()) {
    const participant = await prisma.participant.create({
      data: {
        siteId: site.id,
        reference: `HAT-${String(i + 1).padStart(4, "0")}`,
        identity: { create: { ...person, dateOfBirth: new Date(`${person.dateOfBirth}T00:00:00Z`) } },
        referrals: { create: { siteId: site.id, referredOn: new Date("2026-01-02T00:00:00Z"), agency: "PROBATION", reason: "Referred; see notes", recordedById: staff.id } },
      },
    });
    const episode = await prisma.episode.create({ data: { siteId: site.id, participantId: participant.id, enrolledOn: new Date("2026-01-05T00:00:00Z"), enrolledById: staff.id } });
    const first = await prisma.prescription.create({
      data: { participantId: participant.id, episodeId: episode.id, version: 1, amDoseMg: 30, pmDoseMg: 30, induction: true, startsAt: new Date("2026-01-05T07:00:00Z"), reason: "Induction", prescriberId: staff.id, reviewBy: NO_REVIEW_DUE },
    });
    await prisma.prescription.create({
      data: { participantId: participant.id, episodeId: episode.id, version: 2, supersedesId: first.id, amDoseMg: 120, pmDoseMg: 150, startsAt: new Date("2026-01-12T07:00:00Z"), reason: "Titrated", prescriberId: staff.id, reviewBy: NO_REVIEW_DUE },
    });
    const session = await prisma.doseSession.create({
      data: { siteId: site.id, participantId: participant.id, episodeId: episode.id, sessionDate: new Date("2026-01-12T00:00:00Z"), slot: "AM", stage: "SIGNED_OFF", outcome: "DOSED", givenMg: 120 },
    });
    await prisma.doseSessionEvent.createMany({
      data: [
        { doseSessionId: session.id, step: "CHECK_IN", byId: staff.id },
        { doseSessionId: session.id, step: "ASSESSMENT", byId: staff.id, sedationScore: 0, breathAlcohol: "0.125", withdrawalScore: 3, spo2: 97 },
        { doseSessionId: session.id, step: "ADMINISTER", byId: staff.id, doseMg: 120, route: "IV", injectionSite: "left arm" },
      ],
    });
    await prisma.hold.create({ data: { participantId: participant.id, episodeId: episode.id, kind: "SOFT", source: "MANUAL", reason: "Review & monitor <closely>", placedById: staff.id } });
  }
  const product = await prisma.drugProduct.create({ data: { siteId: site.id, name: "Diamorphine hydrochloride", strengthMg: 100, form: "ampoule" } });
  await prisma.controlledDrugEntry.create({
    data: { siteId: site.id, productId: product.id, kind: "RECEIPT", occurredAt: new Date("2026-01-01T09:00:00Z"), batch: "B1", quantity: 500, supplier: "Wholesaler", madeById: staff.id },
  });
  for (let i = 0; i < 25; i++) {
    await prisma.auditEvent.create({
      data: { actorId: staff.id, actorRole: "PRESCRIBER", siteId: site.id, action: "test.event", entity: "Participant", entityId: `p${i}`, summary: { i, nested: { list: [1, 2, 3] } } },
    });
  }
  await prisma.loginAttempt.create({ data: { email: "rhiannon@clinic.example", ip: "192.0.2.1", outcome: "SUCCEEDED" } });
}

/** Gone, as after a lost disk: the data directory deleted, or the database dropped and created empty. */
async function wipe() {
  if (config.kind === "pglite") fs.rmSync(config.dataDir, { recursive: true, force: true });
  else {
    await adminQuery(`DROP DATABASE ${databaseName} WITH (FORCE)`);
    await adminQuery(`CREATE DATABASE ${databaseName}`);
  }
}

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "hat-backup-"));
  if (serverUrl) {
    databaseName = `hat_backup_${process.pid}_${randomBytes(4).toString("hex")}`;
    await adminQuery(`CREATE DATABASE ${databaseName}`);
    const url = new URL(serverUrl);
    url.pathname = `/${databaseName}`;
    config = { kind: "postgres", url: url.toString() };
  } else {
    config = { kind: "pglite", dataDir: path.join(workDir, "pglite") };
  }
  await withPrisma(async (prisma, handle) => {
    await applyMigrations(handle.factory);
    await populate(prisma);
  });
  original = await fingerprint();
  backupFile = path.join(workDir, engine === "pglite" ? "clinic.tar.gz" : "clinic.dump");
}, SLOW);

afterAll(async () => {
  if (databaseName) await adminQuery(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

describe(`backup and restore (${engine})`, () => {
  it("backs up into a file only its owner can read", async () => {
    const outcome = await backupDatabase(config, backupFile);
    expect(outcome).toMatchObject({ kind: engine, file: backupFile });
    expect(outcome.bytes).toBeGreaterThan(0);
    expect(fs.statSync(backupFile).mode & 0o077).toBe(0);
    expect(fs.existsSync(`${backupFile}.partial`)).toBe(false);
    // Something worth comparing: identities and every append-only table have rows.
    for (const table of ["ParticipantIdentity", "AuditEvent", "Prescription", "DoseSessionEvent", "ControlledDrugEntry"]) {
      expect(original.tables[table]?.rows, table).toBeGreaterThan(0);
    }
    expect(original.triggers).toEqual(expect.arrayContaining(["AuditEvent_append_only", "AuditEvent_no_truncate", "ControlledDrugEntry_append_only"]));
  }, SLOW);

  it("never overwrites an earlier backup", async () => {
    await expect(backupDatabase(config, backupFile)).rejects.toThrow(/already exists/);
  }, SLOW);

  it("restores a wiped database to the same rows, content, sequences and triggers", async () => {
    await wipe();
    const outcome = await restoreDatabase(config, backupFile);
    expect(outcome).toMatchObject({ kind: engine, pendingMigrations: 0 });
    expect(await fingerprint()).toEqual(original);
  }, SLOW);

  it("refuses a file that is not a backup, changing nothing", async () => {
    const junk = path.join(workDir, "notes.txt");
    fs.writeFileSync(junk, "not a backup");
    await expect(restoreDatabase(config, junk)).rejects.toThrow(/not a HAT Clinic backup/);
    const otherKind = path.join(workDir, "other-kind");
    fs.writeFileSync(otherKind, engine === "pglite" ? "PGDMP\u0001" : Buffer.from([0x1f, 0x8b, 0x08, 0x00]));
    await expect(restoreDatabase(config, otherKind)).rejects.toThrow(/backup, but DATABASE_URL names/);
    expect(await fingerprint()).toEqual(original);
  }, SLOW);

  it("restores over changes made since the backup, append-only rows included", async () => {
    await withPrisma(async (prisma) => {
      const staff = await prisma.user.findFirstOrThrow();
      const site = await prisma.site.findFirstOrThrow();
      await prisma.auditEvent.create({ data: { actorId: staff.id, siteId: site.id, action: "after.backup", entity: "Site", entityId: site.id } });
      await prisma.participant.create({ data: { siteId: site.id, reference: "HAT-9999", identity: { create: { givenName: "Late", familyName: "Arrival", dateOfBirth: new Date("1988-08-08T00:00:00Z") } } } });
    });
    const changed = await fingerprint();
    expect(changed.tables.AuditEvent!.rows).toBe(original.tables.AuditEvent!.rows + 1);

    const outcome = await restoreDatabase(config, backupFile);
    if (engine === "pglite") {
      // The replaced directory is kept beside the data until someone deletes it.
      expect(outcome.replacedDataDir && fs.existsSync(path.join(outcome.replacedDataDir, "PG_VERSION"))).toBe(true);
    }
    expect(await fingerprint()).toEqual(original);
  }, SLOW);

  it("leaves a restored database writable, with history still indelible", async () => {
    await withPrisma(async (prisma) => {
      const before = await prisma.auditEvent.aggregate({ _max: { id: true } });
      const created = await prisma.auditEvent.create({ data: { action: "after.restore", entity: "Site", entityId: "x" } });
      expect(created.id).toBeGreaterThan(before._max.id!);
      await expect(prisma.$executeRawUnsafe(`UPDATE "AuditEvent" SET action = 'rewritten'`)).rejects.toThrow();
      await expect(prisma.$executeRawUnsafe(`DELETE FROM "ControlledDrugEntry"`)).rejects.toThrow();
    });
  }, SLOW);

  // Only one engine has this behaviour; the suite runs once per engine.
  if (engine === "pglite") {
    it("refuses while another process has the embedded database open", async () => {
      if (config.kind !== "pglite") throw new Error("PGlite only");
      // The test runner's parent process stands in for the running app.
      fs.writeFileSync(`${config.dataDir}.lock`, String(process.ppid));
      try {
        await expect(backupDatabase(config, path.join(workDir, "while-running.tar.gz"))).rejects.toThrow(/in use by process/);
        await expect(restoreDatabase(config, backupFile)).rejects.toThrow(/in use by process/);
        expect(fs.existsSync(path.join(workDir, "while-running.tar.gz"))).toBe(false);
      } finally {
        fs.rmSync(`${config.dataDir}.lock`, { force: true });
      }
    }, SLOW);
  }

  // Only one engine has this behaviour; the suite runs once per engine.
  if (engine === "postgres") {
    it("refuses to restore while the app is connected, unless forced", async () => {
      if (config.kind !== "postgres") throw new Error("PostgreSQL only");
      const app = new pg.Client({ connectionString: config.url });
      await app.connect();
      try {
        await expect(restoreDatabase(config, backupFile)).rejects.toThrow(/other connection\(s\)/);
        // An idle connection holds no locks: forced, the restore goes ahead.
        await restoreDatabase(config, backupFile, { force: true });
        expect(await fingerprint()).toEqual(original);
      } finally {
        await app.end();
      }
    }, SLOW);
  }

  it("works from the command line: npm run backup -- <file>, npm run restore -- <file>", async () => {
    const databaseUrl = config.kind === "postgres" ? config.url : `pglite:${config.kind === "pglite" ? config.dataDir : ""}`;
    const expected = await fingerprint();
    const file = path.join(workDir, engine === "pglite" ? "cli.tar.gz" : "cli.dump");
    const env = { ...process.env, DATABASE_URL: databaseUrl };
    const tsx = path.resolve("node_modules/.bin/tsx");
    const backup = await execFileAsync(tsx, ["scripts/backup.ts", file], { env });
    expect(backup.stdout).toContain(`Wrote ${file}`);
    await wipe();
    const restore = await execFileAsync(tsx, ["scripts/restore.ts", file, "--yes"], { env });
    expect(restore.stdout).toMatch(/Restored in/);
    expect(await fingerprint()).toEqual(expected);
  }, SLOW);
});
