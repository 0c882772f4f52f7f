// npm run bench:http — twenty tablets dosing at once through the production server (issues 16
// and 18). A fresh database is loaded with one clinic whose session is open now, then
// `node server.mjs` (the production build, `npm run build` first) serves it. Each tablet signs
// in over HTTP as its nurse (two tablets a nurse) and doses its own participant through the
// Today page's server actions, called as the browser calls them: check-in, pre-dose
// assessment, draw (witnessed by another nurse with her PIN), administer and sign-off. The
// tablets take each step together (all twenty draws start at the same moment), then all
// reload the Today page together, between one step and the next; after each round each
// tablet reloads it alone. Prints each step's p50 and p95, the server's CPU time a request
// and the errors against the targets; exits non-zero only on errors.
//
// The database: a PGlite data directory (BENCH_DATA_DIR/pglite, BENCH_DATA_DIR by default
// ./data/bench-http; emptied first and removed after), or with
// BENCH_DATABASE_URL=postgresql://…/postgres a throwaway database on that server (dropped
// after). One database a run: run it twice for both. The server's log is kept in
// BENCH_DATA_DIR. BENCH_TABLETS (20), BENCH_NURSES (10), BENCH_ROUNDS
// (3: each tablet doses this many people in turn), BENCH_PORT (3200), BENCH_KEEP=1 keeps the
// database, BENCH_PROFILE=<folder> writes the server's V8 CPU profiles there.
//
// Sign-off comes before the observation ends (15 minutes at the least, a clinical floor no
// setting goes below), so it is the early sign-off, with its reason, as a nurse records it
// when a participant leaves against advice.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { encodeReply } from "next/dist/compiled/react-server-dom-webpack/client.node.js";
import { extractInfoFromServerReferenceId, omitUnusedArgs } from "next/dist/shared/lib/server-reference-info.js";
import pg from "pg";
import { PrismaClient } from "@/generated/prisma/client";
import { hashPassword, hashWitnessPin } from "@/auth/passwords";
import { openAdapter, type AdapterHandle } from "@/db/adapter";
import { applyMigrations } from "@/db/schema-engine";
import { addLocalDays, CLINIC_TIME_ZONE, clinicDate, compareSessions, localDateToDb, sessionsBetween, type SessionKey } from "@/domain/clinic-time";

const env = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number ≥ 1`);
  return value;
};
const TABLETS = env("BENCH_TABLETS", 20);
const NURSES = env("BENCH_NURSES", 10);
const ROUNDS = env("BENCH_ROUNDS", 3);
const PORT = env("BENCH_PORT", 3200);
const KEEP = process.env.BENCH_KEEP === "1";
const SERVER_URL = process.env.BENCH_DATABASE_URL;
const DATA_DIR = path.resolve(process.env.BENCH_DATA_DIR ?? "data/bench-http");
const BASE = `http://127.0.0.1:${PORT}`;
if (NURSES < 2) throw new Error("BENCH_NURSES must be at least 2: a witness is another nurse");

const PASSWORD = "bench-http-password-2026";
const PIN = "246813";
const DOSE_MG = 100;
const BATCH = "BENCH-1";
/** Targets (issue 16: the draw; issue 18: every step, and the Today page). */
const STEP_P95_MS = 1000;
const TODAY_P95_MS = 300;

// ─── What each step sends ────────────────────────────────────────────────────

type Dose = {
  participantId: string;
  session: SessionKey;
  doseSessionId: string | null;
  batch: string;
  witness: { id: string; email: string };
};

/**
 * Each step's action (by its export in app/(staff)/today/actions.ts) and the fields its form
 * on the Today card sends (app/(staff)/today/step-forms.tsx), blank fields included, as the
 * browser's FormData has them. One place to change when a form changes.
 */
const STEPS = [
  {
    step: "check-in",
    action: "checkInAction",
    fields: (d: Dose) => ({ participantId: d.participantId, sessionDate: d.session.date, slot: d.session.slot }),
  },
  {
    step: "pre-dose assessment",
    action: "recordPreDoseAssessmentAction",
    fields: (d: Dose) => ({ doseSessionId: d.doseSessionId, sedationScore: "0", breathAlcohol: "0", withdrawalScore: "2", spo2: "" }),
  },
  {
    step: "draw (witnessed, PIN)",
    action: "drawDoseAction",
    fields: (d: Dose) => ({ doseSessionId: d.doseSessionId, doseMg: String(DOSE_MG), partialReason: "", batch: d.batch, witnessEmail: d.witness.email, witnessPin: PIN }),
  },
  {
    step: "administer",
    action: "administerDoseAction",
    fields: (d: Dose) => ({ doseSessionId: d.doseSessionId, injectionSite: "Left forearm", givenMg: String(DOSE_MG), partReason: "" }),
  },
  {
    step: "sign-off (early, with its reason)",
    action: "signOffAction",
    fields: (d: Dose) => ({ doseSessionId: d.doseSessionId, earlyReason: "Left against advice (benchmark)." }),
  },
] as const;
const TODAY_RELOAD = "Today page reload, every tablet at once";
const TODAY_ALONE = "Today page reload, one tablet at a time";

// ─── Clock ───────────────────────────────────────────────────────────────────

function clinicMinutes(at: Date): number {
  const [hours, minutes] = new Intl.DateTimeFormat("en-GB", { timeZone: CLINIC_TIME_ZONE, hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
    .format(at)
    .split(":")
    .map(Number) as [number, number];
  return hours * 60 + minutes;
}

/**
 * The whole day, but its first minute, is the PM session (its window 00:01–23:59), so the
 * session being worked is open whenever the bench runs; a run needs the same day throughout,
 * so between 23:30 and 00:05 it waits for the morning.
 */
const SESSION_WINDOWS = { AM: { opens: "00:00", closes: "00:01" }, PM: { opens: "00:01", closes: "23:59" } };

async function waitForTheDay(): Promise<void> {
  const minutes = clinicMinutes(new Date());
  if (minutes >= 5 && minutes < 23 * 60 + 30) return;
  const wait = ((5 - minutes + 1440) % 1440) + 1;
  console.log(`Waiting ${wait} minutes for 00:05 (${CLINIC_TIME_ZONE}): a run must not cross midnight.`);
  await new Promise((resolve) => setTimeout(resolve, wait * 60_000));
}

// ─── The database ────────────────────────────────────────────────────────────

type Prepared = { databaseUrl: string; label: string; drop: () => Promise<void> };

async function prepareDatabase(load: (prisma: PrismaClient) => Promise<void>): Promise<Prepared> {
  if (!SERVER_URL) {
    const dataDir = path.join(DATA_DIR, "pglite");
    fs.rmSync(dataDir, { recursive: true, force: true });
    // The server opens the directory itself: PGlite allows one process, so it is closed first.
    await withDatabase(openAdapter({ kind: "pglite", dataDir }), load);
    return { databaseUrl: `pglite:${dataDir}`, label: `PGlite (${path.relative(process.cwd(), dataDir)})`, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `hat_http_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  const drop = async () => {
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
  };
  try {
    await withDatabase(openAdapter({ kind: "postgres", url: url.toString() }), load);
  } catch (error) {
    await drop();
    throw error;
  }
  return { databaseUrl: url.toString(), label: `PostgreSQL (${url.host}, database ${name})`, drop };
}

async function withDatabase(handle: AdapterHandle, load: (prisma: PrismaClient) => Promise<void>): Promise<void> {
  try {
    await applyMigrations(handle.factory);
    const prisma = new PrismaClient({ adapter: handle.factory });
    try {
      await load(prisma);
    } finally {
      await prisma.$disconnect();
    }
  } finally {
    await handle.close();
  }
}

type Clinic = { nurses: { id: string; email: string }[]; doses: Dose[][] };

/**
 * One clinic: a prescriber, the nurses (each with a password and a witness PIN), a batch in
 * the register, and a participant for each tablet and round, stable on 100 mg a session with
 * the review far off. Every earlier session is closed, so the Today page closes nothing.
 */
async function loadClinic(prisma: PrismaClient, session: SessionKey): Promise<Clinic> {
  const site = await prisma.site.create({ data: { code: "HTTP", name: "HTTP bench clinic" } });
  await prisma.setting.create({ data: { siteId: site.id, key: "sessionWindows", value: SESSION_WINDOWS } });
  const from = addLocalDays(session.date, -15);
  await prisma.sessionClosure.createMany({
    data: sessionsBetween(from, session.date)
      .filter((s) => compareSessions(s, session) < 0)
      .map((s) => ({ siteId: site.id, sessionDate: localDateToDb(s.date), slot: s.slot })),
  });

  const [passwordHash, witnessPinHash] = await Promise.all([hashPassword(PASSWORD), hashWitnessPin(PIN)]);
  const prescriber = await prisma.user.create({ data: { email: "prescriber@bench-http.test", name: "Bench Prescriber", role: "PRESCRIBER", siteId: site.id, passwordHash } });
  await prisma.prescriberLicence.create({
    data: { prescriberId: prescriber.id, siteId: site.id, number: "HO-HTTP", validFrom: localDateToDb("2000-01-01"), expiresOn: localDateToDb("2099-12-31"), recordedById: prescriber.id, confirmedById: prescriber.id },
  });
  const nurses = [];
  for (let n = 0; n < NURSES; n++) {
    const email = `nurse-${n + 1}@bench-http.test`;
    const nurse = await prisma.user.create({ data: { email, name: `Bench Nurse ${n + 1}`, role: "NURSE", siteId: site.id, passwordHash, witnessPinHash } });
    nurses.push({ id: nurse.id, email });
  }

  const product = await prisma.drugProduct.create({ data: { siteId: site.id, name: "Diamorphine hydrochloride", strengthMg: 100, form: "ampoule" } });
  await prisma.controlledDrugEntry.create({
    data: { siteId: site.id, productId: product.id, kind: "RECEIPT", occurredAt: new Date("2000-01-01T09:00:00Z"), batch: BATCH, expiresOn: localDateToDb("2099-12-31"), quantity: 1_000_000, supplier: "Wholesaler", madeById: prescriber.id },
  });

  const enrolledOn = "2000-01-03";
  const stable = new Date("2000-01-03T07:00:00Z");
  // Round 0 is the warm-up: the first tablet alone, untimed, so the server has run every step once.
  const doses: Dose[][] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const roundDoses = [];
    for (let t = 0; t < (round === 0 ? 1 : TABLETS); t++) {
      const participant = await prisma.participant.create({
        data: {
          siteId: site.id,
          reference: `HTTP-${round}-${String(t + 1).padStart(3, "0")}`,
          identity: { create: { givenName: "Bench", familyName: `Person ${round}-${t + 1}`, dateOfBirth: localDateToDb("1980-01-01") } },
        },
      });
      const episode = await prisma.episode.create({
        data: { siteId: site.id, participantId: participant.id, enrolledOn: localDateToDb(enrolledOn), enrolledById: prescriber.id, titrationFrom: stable, stableFrom: stable },
      });
      await prisma.prescription.create({
        data: { participantId: participant.id, episodeId: episode.id, version: 1, amDoseMg: DOSE_MG, pmDoseMg: DOSE_MG, stableDose: true, startsAt: stable, reviewBy: localDateToDb("2099-12-31"), reason: "Stable dose", prescriberId: prescriber.id },
      });
      // Tablet t is nurse t mod NURSES's; the next nurse witnesses.
      const witness = nurses[(t + 1) % NURSES]!;
      roundDoses.push({ participantId: participant.id, session, doseSessionId: null, batch: `${product.id}:${BATCH}`, witness });
    }
    doses.push(roundDoses);
  }
  return { nurses, doses };
}

// ─── The server ──────────────────────────────────────────────────────────────

function startServer(databaseUrl: string, logFile: string): ChildProcess {
  const log = fs.openSync(logFile, "w");
  const profile = process.env.BENCH_PROFILE
    ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.BENCH_PROFILE)}`, "--require", path.resolve("scripts/bench/exit-on-term.cjs")]
    : [];
  const server = spawn(process.execPath, [...profile, "server.mjs", "-p", String(PORT), "-H", "127.0.0.1"], {
    env: { ...withoutDemo(process.env), NODE_ENV: "production", DATABASE_URL: databaseUrl, NEXTAUTH_URL: BASE, NEXTAUTH_SECRET: randomBytes(32).toString("base64url") },
    stdio: ["ignore", log, log],
  });
  fs.closeSync(log);
  return server;
}

/** The environment without demo mode: the bench's accounts are ordinary ones. */
function withoutDemo(environment: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const rest = { ...environment };
  delete rest.HAT_DEMO;
  return rest;
}

async function waitForHealth(server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The server exited (code ${server.exitCode}): see its log.`);
    const healthy = await fetch(`${BASE}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("The server did not become healthy within 2 minutes: see its log.");
}

async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGTERM");
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  if (server.exitCode === null) server.kill("SIGKILL");
}

/**
 * The server's CPU time so far (user and system), its worker processes' included (server.mjs
 * starts one per core with PostgreSQL), from /proc on Linux (in clock ticks of 10 ms, Linux's
 * USER_HZ); null elsewhere. Busy neighbours slow the clock time of every request but not this.
 */
function serverCpuMs(server: ChildProcess): number | null {
  const stat = (pid: string) => {
    const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { parent: fields[1], ticks: Number(fields[11]) + Number(fields[12]) };
  };
  try {
    const primary = String(server.pid);
    let ticks = stat(primary).ticks;
    for (const pid of fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
      try {
        const child = stat(pid);
        if (child.parent === primary) ticks += child.ticks;
      } catch {
        // The process ended while the list was read.
      }
    }
    return ticks * 10;
  } catch {
    return null;
  }
}

/** The Today page's action ids, by export name, from the build's server reference manifest. */
function todayActionIds(): Map<string, string> {
  if (!fs.existsSync(".next/BUILD_ID")) throw new Error("No production build (.next/BUILD_ID): run `npm run build` first.");
  const manifest = JSON.parse(fs.readFileSync(".next/server/server-reference-manifest.json", "utf8")) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  const ids = new Map<string, string>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (entry.filename === "app/(staff)/today/actions.ts") ids.set(entry.exportedName, id);
  }
  for (const { action } of STEPS) if (!ids.has(action)) throw new Error(`The build has no ${action}: rebuild (npm run build).`);
  return ids;
}

// ─── A tablet ────────────────────────────────────────────────────────────────

/** A step's answer: the action's result (or the page) and the size of what the server sent, unzipped. */
type Outcome = { ok: true; data: unknown; bytes: number } | { ok: false; error: string };

/** One browser: its own cookies, sent back as a browser would. */
class Tablet {
  private readonly cookies = new Map<string, string>();

  constructor(readonly nurseEmail: string) {}

  async send(pathname: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set("cookie", [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; "));
    const response = await fetch(`${BASE}${pathname}`, { ...init, headers, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const name = pair.slice(0, pair.indexOf("=")).trim();
      const value = pair.slice(pair.indexOf("=") + 1).trim();
      const expired = value === "" || attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** next-auth's credentials sign-in, as the login form posts it. */
  async signIn(): Promise<void> {
    const { csrfToken } = (await (await this.send("/api/auth/csrf")).json()) as { csrfToken: string };
    const response = await this.send("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE },
      body: new URLSearchParams({ csrfToken, email: this.nurseEmail, password: PASSWORD, callbackUrl: `${BASE}/today`, json: "true" }).toString(),
    });
    await response.arrayBuffer();
    if (![...this.cookies.keys()].includes("next-auth.session-token")) throw new Error(`${this.nurseEmail} could not sign in (HTTP ${response.status})`);
  }

  /** The Today page as a reload fetches it: the whole document. */
  async reloadToday(): Promise<Outcome> {
    const response = await this.send("/today", { headers: { Accept: "text/html" } });
    const html = await response.text();
    if (response.status !== 200) return { ok: false, error: `HTTP ${response.status}` };
    return html.includes("Bench Person") ? { ok: true, data: null, bytes: Buffer.byteLength(html) } : { ok: false, error: "the page lists nobody" };
  }

  /**
   * A server action called as React's client calls it (Next.js' fetchServerAction): the
   * arguments [previous state, the form] encoded by React's encodeReply, posted to the page
   * with the action's id, and the answer read from the RSC stream.
   */
  async callAction(actionId: string, fields: Record<string, string | null>): Promise<Outcome> {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value ?? "");
    const args = omitUnusedArgs([null, form], extractInfoFromServerReferenceId(actionId));
    const encoded = new Request(BASE, { method: "POST", body: await encodeReply(args) });
    const response = await this.send("/today", {
      method: "POST",
      headers: { Accept: "text/x-component", "Next-Action": actionId, Origin: BASE, "Content-Type": encoded.headers.get("content-type") ?? "text/plain" },
      body: await encoded.arrayBuffer(),
    });
    const text = await response.text();
    if (response.status !== 200 || !response.headers.get("content-type")?.startsWith("text/x-component")) {
      return { ok: false, error: `HTTP ${response.status}: ${text.slice(0, 200)}` };
    }
    const result = actionResult(text);
    if (!result) return { ok: false, error: `no action result in the answer: ${text.slice(0, 200)}` };
    return result.ok === true ? { ok: true, data: result.data, bytes: Buffer.byteLength(text) } : { ok: false, error: `${String(result.code)}: ${String(result.error)}` };
  }
}

/**
 * The action's result from an RSC answer: row 0 is `{"a": <result or "$@<row>">, …}`, and a
 * result streamed on its own row is a JSON line `<row>:{…}`.
 */
function actionResult(rsc: string): Record<string, unknown> | null {
  const rows = new Map<string, string>();
  for (const line of rsc.split("\n")) {
    const match = /^([0-9a-f]+):(.*)$/.exec(line);
    if (match) rows.set(match[1]!, match[2]!);
  }
  const root = rows.get("0");
  if (!root) return null;
  let answer = (JSON.parse(root) as { a?: unknown }).a;
  if (typeof answer === "string" && answer.startsWith("$@")) {
    const row = rows.get(answer.slice(2));
    answer = row === undefined ? undefined : JSON.parse(row);
  }
  return typeof answer === "object" && answer !== null ? (answer as Record<string, unknown>) : null;
}

// ─── Measuring ───────────────────────────────────────────────────────────────

type Samples = { times: number[]; bytes: number[]; errors: string[]; cpuMs: number | null };
const samples = new Map<string, Samples>();

async function timed(name: string, work: () => Promise<Outcome>): Promise<Outcome> {
  const sample = samples.get(name) ?? { times: [], bytes: [], errors: [], cpuMs: 0 };
  samples.set(name, sample);
  const started = performance.now();
  let outcome: Outcome;
  try {
    outcome = await work();
  } catch (error) {
    outcome = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  sample.times.push(performance.now() - started);
  if (outcome.ok) sample.bytes.push(outcome.bytes);
  else sample.errors.push(outcome.error);
  return outcome;
}

/** Every tablet takes one step (or reloads the page) at once; the server's CPU time for it is added to the step's. */
async function together(server: ChildProcess, name: string, work: () => Promise<unknown>): Promise<void> {
  const before = serverCpuMs(server);
  await work();
  const after = serverCpuMs(server);
  const sample = samples.get(name);
  if (!sample) return;
  sample.cpuMs = before === null || after === null || sample.cpuMs === null ? null : sample.cpuMs + after - before;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
};

function report(label: string, load: { start: number[]; end: number[] }): number {
  const rows = [...STEPS.map((s) => ({ name: s.step, target: STEP_P95_MS })), ...[TODAY_RELOAD, TODAY_ALONE].map((name) => ({ name, target: TODAY_P95_MS }))];
  const loads = (l: number[]) => l.map((v) => v.toFixed(1)).join(", ");
  console.log(`\n${label}: ${TABLETS} tablets (${NURSES} nurses), ${ROUNDS} round(s), each step taken by every tablet at once, then the Today page reloaded by every tablet at once`);
  console.log(`Load average (1, 5, 15 min) on ${os.availableParallelism()} cores: ${loads(load.start)} at the start, ${loads(load.end)} at the end.`);
  console.log("| step | n | p50 ms | p95 ms | max ms | server CPU ms a request | answer kB | errors | target | met |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
  const ms = (v: number | null) => (v === null || Number.isNaN(v) ? "–" : v.toFixed(0));
  let errors = 0;
  for (const row of rows) {
    const s = samples.get(row.name) ?? { times: [], bytes: [], errors: [], cpuMs: null };
    errors += s.errors.length;
    const any = s.times.length > 0;
    const p95 = any ? percentile(s.times, 95) : Number.NaN;
    const met = any && p95 <= row.target && s.errors.length === 0;
    const cpu = any && s.cpuMs !== null ? s.cpuMs / s.times.length : null;
    console.log(
      `| ${row.name} | ${s.times.length} | ${ms(any ? percentile(s.times, 50) : null)} | ${ms(p95)} | ${ms(any ? Math.max(...s.times) : null)} | ${ms(cpu)} | ${s.bytes.length > 0 ? (percentile(s.bytes, 50) / 1024).toFixed(0) : "–"} | ${s.errors.length} | p95 ≤ ${row.target}, no errors | ${met ? "yes" : "**no**"} |`,
    );
    for (const message of new Set(s.errors)) console.log(`    ${row.name}: ${s.errors.filter((e) => e === message).length} × ${message}`);
  }
  return errors;
}

// ─── The run ─────────────────────────────────────────────────────────────────

await waitForTheDay();
const session: SessionKey = { date: clinicDate(new Date()), slot: "PM" };
const actionIds = todayActionIds();
let clinic: Clinic | undefined;
const database = await prepareDatabase(async (prisma) => {
  clinic = await loadClinic(prisma, session);
});
fs.mkdirSync(DATA_DIR, { recursive: true });
const logFile = path.join(DATA_DIR, `server-${SERVER_URL ? "postgresql" : "pglite"}.log`);
const server = startServer(database.databaseUrl, logFile);
let errors = 0;
try {
  await waitForHealth(server);
  const { nurses, doses } = clinic!;
  const tablets = Array.from({ length: TABLETS }, (_, t) => new Tablet(nurses[t % NURSES]!.email));

  // Signing in: one tablet after another, as a clinic's tablets share one address and each
  // attempt counts against it until its password is checked. Not a target: deliberately slow.
  const signInStarted = performance.now();
  for (const tablet of tablets) await tablet.signIn();
  const signInMs = (performance.now() - signInStarted) / TABLETS;
  // Untimed: one reload a tablet and one dose, so the server has loaded the page's code and run every step once.
  await Promise.all(tablets.map((tablet) => tablet.reloadToday()));
  const warmUp = doses[0]![0]!;
  for (const step of STEPS) {
    const outcome = await tablets[0]!.callAction(actionIds.get(step.action)!, step.fields(warmUp));
    if (!outcome.ok) throw new Error(`The warm-up dose failed at ${step.step}: ${outcome.error}`);
    if (step.action === "checkInAction") warmUp.doseSessionId = (outcome.data as { id: string }).id;
  }

  const load = { start: os.loadavg(), end: [] as number[] };
  for (let round = 1; round <= ROUNDS; round++) {
    for (const step of STEPS) {
      await together(server, step.step, () =>
        Promise.all(
          tablets.map(async (tablet, t) => {
            const dose = doses[round]![t]!;
            // A step after one that failed is not tried: its error is already counted.
            if (step.action !== "checkInAction" && !dose.doseSessionId) return;
            const outcome = await timed(step.step, () => tablet.callAction(actionIds.get(step.action)!, step.fields(dose)));
            if (outcome.ok && step.action === "checkInAction") dose.doseSessionId = (outcome.data as { id: string }).id;
          }),
        ),
      );
      await together(server, TODAY_RELOAD, () => Promise.all(tablets.map((tablet) => timed(TODAY_RELOAD, () => tablet.reloadToday()))));
    }
    // The same page on a quiet server: each tablet reloads while the others wait.
    await together(server, TODAY_ALONE, async () => {
      for (const tablet of tablets) await timed(TODAY_ALONE, () => tablet.reloadToday());
    });
  }
  load.end = os.loadavg();
  errors = report(database.label, load);
  console.log(`Sign-in, one tablet at a time (password hash at cost 12): ${signInMs.toFixed(0)} ms each on average. Server log: ${path.relative(process.cwd(), logFile)}`);
} finally {
  await stopServer(server);
  if (!KEEP) await database.drop();
}
process.exitCode = errors > 0 ? 1 : 0;
