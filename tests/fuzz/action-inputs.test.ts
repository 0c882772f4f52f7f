import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { RuleError } from "@/server/errors";
// Renamed: the linter takes any use… call for a React hook.
import { signedInAs, useTestDatabase as serveFrom } from "../support/actions";
import { freshDatabase, type TestDatabase } from "../support/database";
import { NOTHING_TO_REFUSE, SPECS, type Spec } from "./action-specs";
import { STRANGE_KEYS, junk, type FileValue, type FormValue, type Posted } from "./form-values";
import { buildWorld, type World } from "./world";

/**
 * Adversarial input to every server action, signed in with a role that may run it, in a small
 * clinic (./world.ts) so that ids can be real:
 * - forms with a field broken (wrong type, too long, negative or fractional doses, impossible
 *   dates, unknown choices, NUL bytes, files, repeated names) and fields the form lacks;
 * - random forms (any names, any values, one checked field certainly wrong);
 * - well-formed forms the service must refuse (records that do not exist, a rule);
 * - well-formed forms full of hostile text and extreme values, run to the end of the service
 *   and then rolled back, so the database's own checks see them.
 * Whatever arrives, the action answers cleanly ("invalid", or "rule" once a service has
 * looked): it never throws, never answers "unexpected", and never changes the database (a
 * trigger-kept counter of committed writes after every attempt; every table's row count and
 * contents, the audit trail included, before and after every property). A new action without
 * a spec in ./action-specs.ts fails the first test.
 *
 * FUZZ_SCALE multiplies the runs (FUZZ_SCALE=20 for a long local hunt); FUZZ_SEED replays one.
 */

type Result = { ok: true; data: unknown } | { ok: false; code: string; error: string; fieldErrors?: Record<string, string> };
type Action = (previous: null, form: FormData) => Promise<Result>;
type Payload = readonly (readonly [string, FormValue])[];
type Case = { payload: Payload; expected: readonly string[] };

// Accounts made or changed in a run are hashed at bcrypt's lowest cost: the application's cost (12) is not under test.
vi.mock("@/auth/passwords", async (original) => {
  const { hash } = await import("@node-rs/bcrypt");
  return { ...(await original<typeof import("@/auth/passwords")>()), hashPassword: (plain: string) => hash(plain, { cost: 4 }) };
});

const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
/** Broken and random forms are refused before any transaction: cheap. The others each run one. */
const RUNS = { broken: 600 * SCALE, random: 400 * SCALE, refused: 20 * SCALE, wellFormed: 15 * SCALE };

const actionModules = import.meta.glob<Record<string, Action>>("/app/**/actions.ts");

let db: TestDatabase;
let world: World;
let tables: string[];
const actions = new Map<string, Action>();

beforeAll(async () => {
  for (const load of Object.values(actionModules)) for (const [name, action] of Object.entries(await load())) actions.set(name, action);
  db = await freshDatabase();
  serveFrom(db);
  world = await buildWorld(db.prisma);
  // Witness PIN attempts are written, on purpose, for refused requests too (src/server/witness.ts).
  tables = (await db.sql(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('_prisma_migrations', 'WitnessPinAttempt') ORDER BY tablename`)).rows.map((r) =>
    String(r.tablename),
  );
  await countCommittedWrites();
});
afterAll(() => db?.close());

/**
 * A counter every write statement on every table bumps, in the writer's transaction: it moves
 * only when a write is committed. Reading it after each attempt is much cheaper than a snapshot.
 */
async function countCommittedWrites() {
  await db.sql(`CREATE TABLE fuzz_writes (n bigint NOT NULL)`);
  await db.sql(`INSERT INTO fuzz_writes VALUES (0)`);
  await db.sql(`CREATE FUNCTION fuzz_count_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE fuzz_writes SET n = n + 1; RETURN NULL; END $$`);
  for (const t of tables.filter((t) => t !== "AuditEvent")) {
    await db.sql(`CREATE TRIGGER fuzz_count_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${t}" FOR EACH STATEMENT EXECUTE FUNCTION fuzz_count_write()`);
  }
  // A failed witness PIN is audited although the step is refused; any other audit event counts.
  await db.sql(`CREATE TRIGGER fuzz_count_write AFTER INSERT ON "AuditEvent" FOR EACH ROW WHEN (NEW.action NOT LIKE 'witness.%') EXECUTE FUNCTION fuzz_count_write()`);
  await db.sql(`CREATE TRIGGER fuzz_count_change AFTER UPDATE OR DELETE OR TRUNCATE ON "AuditEvent" FOR EACH STATEMENT EXECUTE FUNCTION fuzz_count_write()`);
}

/** Each form is a first try: the lockout after wrong PINs (tested in tests/server/witness-pin.test.ts) must not hide the services from the fuzz. */
async function forgetWitnessAttempts() {
  await db.sql(`DELETE FROM "WitnessPinAttempt"`);
}

async function committedWrites(): Promise<number> {
  return Number((await db.sql(`SELECT n FROM fuzz_writes`)).rows[0]!.n);
}

/** Every table's row count and a digest of its rows: any insert, update or delete shows. */
async function snapshot(): Promise<Record<string, string>> {
  const query = tables
    .map((t) => {
      const rows = t === "AuditEvent" ? `(SELECT * FROM "AuditEvent" WHERE action NOT LIKE 'witness.%')` : `"${t}"`;
      return `SELECT '${t}' AS name, count(*)::int AS rows, md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) AS digest FROM ${rows} r`;
    })
    .join(" UNION ALL ");
  const rows = (await db.sql(query)).rows;
  return Object.fromEntries(rows.map((r) => [String(r.name), `${String(r.rows)} rows (${String(r.digest).slice(0, 8)})`]));
}

function changes(before: Record<string, string>, now: Record<string, string>): string[] {
  return tables.filter((t) => now[t] !== before[t]).map((t) => `${t}: ${before[t]} → ${now[t]}`);
}

// ─── Posting ────────────────────────────────────────────────────────────────────────────

function toFile(value: FileValue): File {
  if (!("bytes" in value)) return new File([value.text], value.file, { type: value.type });
  const content = new Uint8Array(value.bytes).fill(0x61);
  content.set((value.head ?? []).slice(0, value.bytes));
  return new File([content], value.file, { type: value.type });
}

function toFormData(payload: Payload): FormData {
  const form = new FormData();
  for (const [key, value] of payload) form.append(key, typeof value === "string" ? value : toFile(value));
  return form;
}

function entries(values: Record<string, Posted>): Payload {
  return Object.entries(values).flatMap(([key, posted]) => posted.map((value) => [key, value] as const));
}

function showText(text: string): string {
  return text.length > 160 ? `${JSON.stringify(text.slice(0, 80))}… (${text.length} characters)` : JSON.stringify(text);
}

function show(payload: Payload): string {
  if (payload.length === 0) return "    (an empty form)";
  return payload
    .map(([key, value]) => {
      const shown = typeof value === "string" ? showText(value) : `File ${JSON.stringify(value.file)} (${value.type || "no type"}): ${"bytes" in value ? `${value.bytes} bytes` : showText(value.text)}`;
      return `    ${JSON.stringify(key)} = ${shown}`;
    })
    .join("\n");
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message.split("\n")[0]}` : String(error);
}

// ─── Running a service to its end, then rolling back ───────────────────────────────────

/** The service ran to the end; its transaction was then rolled back, so the fuzz changes nothing. */
const ROLLED_BACK = "Rolled back by the fuzz.";
class RolledBack extends RuleError {
  constructor() {
    super("fuzz.rolledBack", ROLLED_BACK);
  }
}

/**
 * Runs each action's transaction to its end (every insert, update and audit event) and then
 * rolls it back: well-formed forms with hostile values reach the database's own checks.
 */
async function rollingBack<T>(run: () => Promise<T>): Promise<T> {
  const rollingBackTransaction = (work: (tx: unknown) => Promise<unknown>, options: unknown) =>
    db.prisma.$transaction(async (tx) => {
      await work(tx);
      throw new RolledBack();
    }, options as { timeout: number });
  // Reads and a witness's PIN check before the transaction go to the database as they are.
  const prisma = new Proxy(db.prisma, { get: (target, key) => (key === "$transaction" ? rollingBackTransaction : Reflect.get(target, key)) });
  serveFrom({ prisma } as unknown as TestDatabase);
  try {
    return await run();
  } finally {
    serveFrom(db);
  }
}

// ─── One attempt ────────────────────────────────────────────────────────────────────────

function isRejectedReport(data: unknown): boolean {
  return typeof data === "object" && data !== null && (data as { status?: unknown }).status === "rejected";
}

/** Posts the payload and checks the answer; returns what happened ("invalid", "rule", "report"), or throws why it is wrong. */
async function attempt(spec: Spec, action: Action, c: Case, writes: number): Promise<string> {
  await forgetWitnessAttempts();
  let result: Result;
  try {
    result = await action(null, toFormData(c.payload));
  } catch (error) {
    throw new Error(`threw ${describeError(error)}`);
  }
  let outcome: string;
  if (result.ok) {
    if (!spec.refusesWithReport || !isRejectedReport(result.data)) throw new Error(`accepted it: ${showText(JSON.stringify(result.data))}`);
    outcome = "report";
  } else {
    if (!c.expected.includes(result.code)) throw new Error(`answered "${result.code}" ("${result.error}") where ${c.expected.map((e) => `"${e}"`).join(" or ")} was due`);
    if (/\n\s+at /.test(result.error)) throw new Error(`answered with a stack trace: ${showText(result.error)}`);
    if (result.code === "invalid" && Object.keys(result.fieldErrors ?? {}).length === 0) throw new Error("answered \"invalid\" without naming a field");
    outcome = result.error === ROLLED_BACK ? "completed" : result.code;
  }
  if (Object.prototype.hasOwnProperty.call(Object.prototype, "polluted")) throw new Error("polluted Object.prototype");
  // "invalid" is answered before any transaction opens; everything else has been to the database.
  if (outcome !== "invalid" && (await committedWrites()) !== writes) throw new Error(`answered "${outcome}" but a write to the database was committed`);
  return outcome;
}

async function fuzz(name: string, kind: string, cases: fc.Arbitrary<Case>, numRuns: number): Promise<Record<string, number>> {
  const action = actions.get(name);
  if (!action) throw new Error(`${name} has a fuzz spec but no app/**/actions.ts exports it`);
  const spec = SPECS[name]!(world);
  const before = await snapshot();
  const writes = await committedWrites();
  const outcomes: Record<string, number> = {};
  // Once a payload has changed the database, shrinking replays against a different one:
  // the first failure is reported as it happened, as well as the shrunk one.
  let first: { payload: Payload; message: string } | undefined;
  const details = await fc.check(
    fc.asyncProperty(cases, async (c) => {
      try {
        const outcome = await attempt(spec, action, c, writes);
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      } catch (error) {
        first ??= { payload: c.payload, message: error instanceof Error ? error.message : String(error) };
        throw error;
      }
    }),
    { numRuns, seed: SEED },
  );
  if (details.failed) {
    const [shrunk] = details.counterexample ?? [];
    const message = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    const report = [`${name}, ${kind}: ${message}`, "  payload (after shrinking):", shrunk ? show(shrunk.payload) : "    (none)"];
    if (first && (first.message !== message || show(first.payload) !== (shrunk ? show(shrunk.payload) : ""))) {
      report.push(`  first failure: ${first.message}`, "  payload (as generated):", show(first.payload));
    }
    report.push(`  seed ${details.seed}, path ${details.counterexamplePath}: replay with FUZZ_SEED=${details.seed}`);
    throw new Error(report.join("\n"));
  }
  expect(changes(before, await snapshot()), `${name}, ${kind}: the database after the run`).toEqual([]);
  return outcomes;
}

// ─── Payloads ───────────────────────────────────────────────────────────────────────────

function fieldValues(spec: Spec, pick: (field: Spec["fields"][string]) => fc.Arbitrary<Posted>): fc.Arbitrary<Record<string, Posted>> {
  return fc.record(Object.fromEntries(Object.entries(spec.fields).map(([name, field]) => [name, pick(field)])));
}

/** Names not on the form: the schema must ignore them (and a name it owns is never one). */
function extraKey(spec: Spec): fc.Arbitrary<string> {
  const names = Object.keys(spec.fields);
  return fc.oneof(fc.constantFrom(...STRANGE_KEYS), fc.string({ maxLength: 12 })).filter((key) => !names.some((n) => key === n || key.startsWith(`${n}.`)));
}

/** The fixture form with one field (at least) certainly wrong, others anything, and fields the form does not have. */
function brokenForms(spec: Spec): fc.Arbitrary<Case> {
  const names = Object.keys(spec.fields);
  return fc
    .tuple(
      fc.oneof(...names.map((name) => spec.fields[name]!.bad.map((bad) => [name, bad] as const))),
      fieldValues(spec, (f) => fc.oneof({ weight: 4, arbitrary: fc.constant(f.base) }, { weight: 2, arbitrary: f.good }, { weight: 1, arbitrary: f.bad })),
      fc.array(fc.tuple(extraKey(spec), junk), { maxLength: 3 }),
    )
    .map(([[name, bad], values, extras]) => ({
      payload: [...entries({ ...values, [name]: bad }), ...extras],
      expected: spec.fields[name]!.checkedBy === "schema" ? ["invalid"] : ["invalid", "rule"],
    }));
}

/** Any names with any values, one field the schema checks certainly wrong. */
function randomForms(spec: Spec): fc.Arbitrary<Case> {
  const names = Object.keys(spec.fields);
  const checked = names.filter((name) => spec.fields[name]!.checkedBy === "schema");
  const someGood = fc.oneof(...names.map((name) => spec.fields[name]!.good.filter((p) => p.length > 0).map((p) => p[0]!)));
  const key = fc.oneof(fc.constantFrom(...names), fc.constantFrom(...STRANGE_KEYS), fc.string({ maxLength: 12 }));
  return fc
    .tuple(
      fc.array(fc.tuple(key, fc.oneof(junk, someGood)), { maxLength: 16 }),
      fc.oneof(...checked.map((name) => spec.fields[name]!.bad.map((bad) => [name, bad] as const))),
    )
    .map(([random, [name, bad]]) => ({
      payload: [...random.filter(([k]) => k !== name), ...bad.map((value) => [name, value] as const)],
      expected: ["invalid"],
    }));
}

/** Forms every field of which is well formed (hostile text, extreme dates, boundary numbers), naming real records. */
function wellFormedForms(spec: Spec): fc.Arbitrary<Case> {
  return fieldValues(spec, (f) => fc.oneof({ weight: 1, arbitrary: fc.constant(f.base) }, { weight: 3, arbitrary: f.good })).map((values) => ({
    payload: entries(spec.agree?.(values) ?? values),
    // "invalid" where fields still contradict each other in a way `agree` does not mend.
    expected: ["rule", "invalid"],
  }));
}

/** Well-formed forms naming records that do not exist, or that the service refuses for a stated reason. */
function refusedForms(spec: Spec): fc.Arbitrary<Case> | null {
  const references = Object.keys(spec.fields).filter((name) => spec.fields[name]!.dangling);
  const refusals = [...(spec.refusals ?? [])];
  if (references.length > 0) {
    refusals.push(
      fc.subarray(references, { minLength: 1 }).chain((chosen) => fc.record(Object.fromEntries(chosen.map((name) => [name, spec.fields[name]!.dangling!])))),
    );
  }
  if (refusals.length === 0) return null;
  return fc
    .tuple(
      fc.oneof(...refusals),
      fieldValues(spec, (f) => fc.oneof({ weight: 2, arbitrary: fc.constant(f.base) }, { weight: 1, arbitrary: f.good })),
    )
    .map(([refusal, values]) => ({ payload: entries({ ...(spec.agree?.(values) ?? values), ...refusal }), expected: ["rule", "invalid"] }));
}

// ─── The tests ──────────────────────────────────────────────────────────────────────────

describe("adversarial input to every server action", () => {
  it("has a fuzz spec for every exported server action, and an action for every spec", () => {
    expect([...actions.keys()].sort(), "add a spec to tests/fuzz/action-specs.ts for each new action").toEqual(Object.keys(SPECS).sort());
  });

  describe.each(Object.keys(SPECS))("%s", (name) => {
    beforeEach(() => {
      signedInAs.actor = world.actors[SPECS[name]!(world).role];
    });

    it("takes the fixture form as well formed (so each broken form is wrong only where it was broken)", async () => {
      const spec = SPECS[name]!(world);
      // A database that refuses at once: the form passed validation if it gets this far.
      const refusing: unknown = new Proxy(() => {}, { get: () => refusing, apply: () => Promise.reject(new RuleError("fuzz.validated", "validated")) });
      serveFrom({ prisma: refusing } as unknown as TestDatabase);
      try {
        const base = entries(Object.fromEntries(Object.entries(spec.fields).map(([field, f]) => [field, f.base])));
        const result = await actions.get(name)!(null, toFormData(base));
        expect(result, show(base)).toMatchObject({ ok: false, code: "rule", error: "validated" });
      } finally {
        serveFrom(db);
      }
    });

    it("refuses forms with a broken field as invalid, and writes nothing", async () => {
      await fuzz(name, "a broken field", brokenForms(SPECS[name]!(world)), RUNS.broken);
    });

    it("refuses random forms as invalid, and writes nothing", async () => {
      await fuzz(name, "a random form", randomForms(SPECS[name]!(world)), RUNS.random);
    });

    it("takes well-formed forms full of hostile values to the end of the service or to a rule, never an unexpected error (rolled back)", async () => {
      await rollingBack(() => fuzz(name, "a well-formed form (rolled back)", wellFormedForms(SPECS[name]!(world)), RUNS.wellFormed));
    });

    if (NOTHING_TO_REFUSE.has(name)) {
      it("has no well-formed form its service must refuse", () => {
        expect(refusedForms(SPECS[name]!(world))).toBeNull();
      });
      return;
    }

    it("refuses well-formed forms its service must refuse, as a rule, and writes nothing", async () => {
      const cases = refusedForms(SPECS[name]!(world));
      expect(cases, `${name}: give its spec refusals or dangling references, or list it in NOTHING_TO_REFUSE`).not.toBeNull();
      const outcomes = await fuzz(name, "a form the service refuses", cases!, RUNS.refused);
      // Most must get past validation to the service, or this fuzzes the schema a second time.
      const reachedService = (outcomes.rule ?? 0) + (outcomes.report ?? 0);
      expect(reachedService, `${name}: outcomes ${JSON.stringify(outcomes)}`).toBeGreaterThanOrEqual(RUNS.refused * 0.5);
    });
  });
});
