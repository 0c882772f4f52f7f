import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { hash } from "@node-rs/bcrypt";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/auth/actor";
import { closeDatabase, openDatabase, type Database } from "@/db/client";
import type { DatabaseConfig } from "@/db/config";
import { lockDataDir } from "@/db/pglite-lock";
import { applyMigrations } from "@/db/schema-engine";
import { clinicInstant } from "@/domain/clinic-time";
import { checkReceiptWitness, receiveStock } from "@/server/register";
import { DOSE_STEPS, doseRecordProblems } from "../support/dose-records";
import { NO_REVIEW_DUE, makeEnrolledParticipant, makeSite } from "../support/fixtures";
import { witnessed } from "../support/witness";
import type { WriterPlan } from "./dose-writer";

/**
 * Crash safety: a separate process opens the database as the app does and records doses
 * (check-in → assessment → draw → given, each with its audit event and, when given, its
 * register supply line) and register receipts and destruction, acknowledging each commit.
 * It is killed with SIGKILL part-way through, the database is opened again, and every
 * acknowledged write must be there and nothing half-written. Then a fresh process restarts
 * the burst and finishes it. PGlite (a temporary data directory) by default; a throwaway
 * database on the server named by TEST_DATABASE_URL when it is set.
 */

const WRITER = path.resolve("tests/crash/dose-writer.ts");
const DAY = "2026-03-10";
const PIN = "246813";
const PARTICIPANTS = 16;
/** Kill after this many acknowledgements: part-way through, not on a step boundary of any one person. */
const KILL_AFTER = 37;

const serverUrl = process.env.TEST_DATABASE_URL;
const engine = serverUrl ? "PostgreSQL" : "PGlite";

type Target = { config: DatabaseConfig; databaseUrl: string; dataDir?: string; cleanup: () => Promise<void> };

async function createTarget(): Promise<Target> {
  if (serverUrl) {
    const name = `hat_crash_${process.pid}_${randomBytes(4).toString("hex")}`;
    const admin = async (sql: string) => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(sql);
      await client.end();
    };
    await admin(`CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return { config: { kind: "postgres", url: url.toString() }, databaseUrl: url.toString(), cleanup: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hat-crash-"));
  const dataDir = path.join(dir, "pglite");
  return { config: { kind: "pglite", dataDir }, databaseUrl: `pglite:${dataDir}`, dataDir, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

async function withDatabase<T>(target: Target, work: (database: Database) => Promise<T>): Promise<T> {
  const database = openDatabase(target.config);
  try {
    return await work(database);
  } finally {
    await closeDatabase(database);
  }
}

/** A migrated database with one clinic: staff with witness PINs, a stocked register, people with prescriptions. */
async function prepare(database: Database): Promise<WriterPlan> {
  await applyMigrations(database.handle.factory);
  const prisma = database.prisma;
  const site = await makeSite(prisma, "CRASH");
  const pinHash = await hash(PIN, { cost: 4 });
  const user = async (role: "NURSE" | "PRESCRIBER" | "PHARMACIST", email: string): Promise<Actor> => {
    const u = await prisma.user.create({ data: { email, name: `${role} crash`, role, siteId: site.id, passwordHash: "not-used", witnessPinHash: pinHash } });
    return { userId: u.id, name: u.name, role, siteId: site.id };
  };
  const nurse = await user("NURSE", "nurse@crash.test");
  await user("NURSE", "witness@crash.test");
  const prescriber = await user("PRESCRIBER", "prescriber@crash.test");
  const pharmacist = await user("PHARMACIST", "cd-lead@crash.test");
  const product = await prisma.drugProduct.create({ data: { siteId: site.id, name: "Diamorphine hydrochloride", strengthMg: 100, form: "ampoule" } });
  const opening = { productId: product.id, batch: "C1", expiresOn: "2027-01-01", quantity: 200, supplier: "Wholesaler", witnessEmail: "witness@crash.test", witnessPin: PIN };
  await witnessed(prisma, checkReceiptWitness, receiveStock, pharmacist, opening, clinicInstant("2026-03-01", "09:00"));
  const participantIds: string[] = [];
  for (let i = 0; i < PARTICIPANTS; i++) {
    const { participant, episode } = await makeEnrolledParticipant(prisma, site.id, prescriber.userId);
    await prisma.prescription.create({
      data: { participantId: participant.id, episodeId: episode.id, version: 1, amDoseMg: 100, pmDoseMg: 100, startsAt: clinicInstant("2026-01-05", "07:00"), reason: "Stable dose", prescriberId: prescriber.userId, reviewBy: NO_REVIEW_DUE },
    });
    participantIds.push(participant.id);
  }
  return {
    siteId: site.id,
    sessionDate: DAY,
    nurse,
    pharmacist,
    witnessEmail: "witness@crash.test",
    authorisedWitnessEmail: "prescriber@crash.test",
    pin: PIN,
    productId: product.id,
    participantIds,
    clockStartedAt: Date.now(),
    workers: 3,
  };
}

type Run = { child: ChildProcess; acks: string[]; stderr: string[]; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> };

/** Starts the writer as its own process (tsx as a loader, with the react-server condition). */
function startWriter(target: Target, plan: WriterPlan, onAck?: (acks: string[], run: Run) => void): Run {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", WRITER, JSON.stringify(plan)], {
    env: { ...process.env, DATABASE_URL: target.databaseUrl, TEST_DATABASE_URL: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const run: Run = {
    child,
    acks: [],
    stderr: [],
    exited: new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal }))),
  };
  child.stderr!.on("data", (chunk: Buffer) => run.stderr.push(chunk.toString()));
  readline.createInterface({ input: child.stdout! }).on("line", (line) => {
    if (!line.startsWith("ack ")) return;
    run.acks.push(line.slice(4));
    onAck?.(run.acks, run);
  });
  return run;
}

/** Every acknowledged write, read back: a step's event and audit event, a register entry and its audit event. */
async function missingAcknowledged(database: Database, acks: string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const ack of acks) {
    const [what, id] = ack.split(" ") as [string, string];
    if ((DOSE_STEPS as readonly string[]).includes(what)) {
      const event = await database.prisma.doseSessionEvent.findFirst({ where: { doseSessionId: id, step: what as (typeof DOSE_STEPS)[number] } });
      const audited = await database.prisma.auditEvent.count({ where: { entity: "DoseSession", entityId: id } });
      if (!event || audited === 0) missing.push(ack);
    } else {
      const entry = await database.prisma.controlledDrugEntry.findFirst({ where: { id, kind: what as "RECEIPT" | "DESTRUCTION" } });
      if (!entry) missing.push(ack);
    }
  }
  return missing;
}

const lockFile = (target: Target) => `${target.dataDir}.lock`;

/**
 * What the writer printed to stderr, less one known warning: with the pg adapter, Prisma
 * sends some queries of one transaction to its connection without waiting for the last.
 */
const complaints = (run: Run) =>
  run.stderr
    .join("")
    .split("\n")
    .filter((line) => line.trim() && !line.includes("DeprecationWarning: Calling client.query() when the client is already executing a query") && !line.includes("--trace-deprecation"));

describe(`a SIGKILL part-way through a burst of dose recording (${engine})`, () => {
  let target: Target;
  let plan: WriterPlan;
  let firstRun: Run;
  /** Participants not yet dosed when the writer was killed. */
  let unfinished: string[] = [];

  beforeAll(async () => {
    target = await createTarget();
    plan = await withDatabase(target, prepare);
  });
  afterAll(async () => {
    for (const run of [firstRun]) if (run && run.child.exitCode === null && run.child.signalCode === null) run.child.kill("SIGKILL");
    await target?.cleanup();
  });

  it("loses no acknowledged write and leaves nothing half-written", async () => {
    let lockWhileRunning: unknown = null;
    firstRun = startWriter(target, plan, (acks, run) => {
      // While the writer runs, nobody else may open its PGlite directory.
      if (acks.length === 1 && target.dataDir) {
        try {
          openDatabase(target.config);
        } catch (error) {
          lockWhileRunning = error;
        }
      }
      if (acks.length === KILL_AFTER) run.child.kill("SIGKILL");
    });
    const { code, signal } = await firstRun.exited;
    expect({ code, signal, stderr: complaints(firstRun) }).toEqual({ code: null, signal: "SIGKILL", stderr: [] });
    expect(firstRun.acks.length).toBeGreaterThanOrEqual(KILL_AFTER);

    if (target.dataDir) {
      expect(String(lockWhileRunning)).toContain(`in use by process ${firstRun.child.pid}`);
      // The killed process could not remove its lock: the restart must see that its owner is gone.
      expect(JSON.parse(fs.readFileSync(lockFile(target), "utf8"))).toMatchObject({ pid: firstRun.child.pid });
    }

    await withDatabase(target, async (database) => {
      expect(await missingAcknowledged(database, firstRun.acks)).toEqual([]);
      const { problems, sessions } = await doseRecordProblems(database.prisma, plan.siteId);
      expect(problems).toEqual([]);
      // Committed but killed before it could say so: at most one transaction per worker.
      const stepsWritten = sessions.reduce((n, s) => n + s.events.length, 0);
      const stepsAcknowledged = firstRun.acks.filter((a) => (DOSE_STEPS as readonly string[]).includes(a.split(" ")[0]!)).length;
      expect(stepsWritten - stepsAcknowledged).toBeGreaterThanOrEqual(0);
      expect(stepsWritten - stepsAcknowledged).toBeLessThanOrEqual(plan.workers);
      // Part-way: some people dosed, some not yet checked in.
      expect(sessions.length).toBeLessThan(PARTICIPANTS);
      unfinished = plan.participantIds.filter((id) => !sessions.some((s) => s.participantId === id && s.stage === "ADMINISTERED"));
    });
  });

  it("restarts in a fresh process that finishes the burst", async () => {
    const second = startWriter(target, { ...plan, participantIds: unfinished });
    const { code } = await second.exited;
    expect({ code, stderr: complaints(second) }).toEqual({ code: 0, stderr: [] });
    if (target.dataDir) expect(fs.existsSync(lockFile(target))).toBe(false);

    await withDatabase(target, async (database) => {
      expect(await missingAcknowledged(database, [...firstRun.acks, ...second.acks])).toEqual([]);
      const { problems, sessions, supplies } = await doseRecordProblems(database.prisma, plan.siteId);
      expect(problems).toEqual([]);
      expect(sessions).toHaveLength(PARTICIPANTS);
      expect(sessions.every((s) => s.stage === "ADMINISTERED")).toBe(true);
      expect(supplies).toHaveLength(PARTICIPANTS);
    });
  });
});

describe("the embedded database's lock file", () => {
  let dir: string;
  let dataDir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "hat-lock-"));
    dataDir = path.join(dir, "pglite");
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const lockedBy = (owner: unknown) => fs.writeFileSync(`${dataDir}.lock`, typeof owner === "string" ? owner : JSON.stringify(owner));
  const takeOver = () => {
    const release = lockDataDir(dataDir);
    expect(JSON.parse(fs.readFileSync(`${dataDir}.lock`, "utf8"))).toMatchObject({ pid: process.pid });
    release();
    expect(fs.existsSync(`${dataDir}.lock`)).toBe(false);
  };
  const onLinux = fs.existsSync("/proc/self/stat") && fs.existsSync("/proc/sys/kernel/random/boot_id");
  const thisBoot = () => fs.readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  // The test runner's parent process: alive for as long as this test runs, and not ours.
  const livePid = process.ppid;

  it("takes over a lock left by a process that no longer exists, in either format", () => {
    const dead = spawnSync(process.execPath, ["-e", ""]).pid;
    lockedBy(String(dead));
    takeOver();
    lockedBy({ pid: dead, boot: "b", started: "1" });
    takeOver();
    lockedBy("");
    takeOver();
  });

  it("refuses while the process named in the lock is alive, naming it", () => {
    lockedBy(String(livePid));
    expect(() => lockDataDir(dataDir)).toThrow(`in use by process ${livePid}`);
    fs.rmSync(`${dataDir}.lock`);
  });

  // Boot and start times come from Linux /proc; elsewhere the lock holds the process id only.
  if (onLinux) {
    it("takes over a lock whose process id now belongs to another process: after a reboot, or a restarted container", () => {
      lockedBy({ pid: livePid, boot: "an-earlier-boot", started: "1" });
      takeOver();
      lockedBy({ pid: livePid, boot: thisBoot(), started: "1" });
      takeOver();
    });
  }
});
