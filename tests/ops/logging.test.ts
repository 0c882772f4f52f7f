import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { form, signedInAs, useTestDatabase } from "../support/actions";
import type { Actor } from "@/auth/actor";
import { hashPassword } from "@/auth/passwords";
import { latestOpenedSession, localDateToDb } from "@/domain/clinic-time";
import { PrismaClient } from "@/generated/prisma/client";
import { PrismaPg } from "@prisma/adapter-pg";
import { checkHealth } from "@/server/health";
import { log, safeError } from "@/server/log";
import { referNewParticipant } from "@/server/participants";
import { catchUpClosures } from "@/server/session-closure";
import { signIn } from "@/server/sign-in";
import { importCsvAction } from "@app/(staff)/admin/imports/actions";
import { referParticipantAction } from "@app/(staff)/participants/actions";
import { checkInAction } from "@app/(staff)/today/actions";
import { freshDatabase, type TestDatabase } from "../support/database";
import { makeSite } from "../support/fixtures";

/**
 * Logs leave the clinical record's protection. Every failing path below is fed identifiable
 * values (names, dates of birth, NHS numbers, references, emails, passwords); whatever the
 * logger writes must hold none of them, while still saying what happened, to whom (by id).
 */

// Distinctive values, so a match can only come from leaking them.
const SEEDED = [
  { reference: "HAT-7301", givenName: "Perpetua", familyName: "Vandersloot", dateOfBirth: "1979-03-14", nhsNumber: "9434765919" },
  { reference: "HAT-7302", givenName: "Ignatius", familyName: "Fairweather-Okonkwo", dateOfBirth: "1985-11-02", nhsNumber: "4857773456" },
];
const NEW_PERSON = { givenName: "Zebedee", familyName: "Marchbanks", dateOfBirth: "1990-07-21" };
const REFUSED_PERSON = { givenName: "Hyacinth", familyName: "Bucketworth", dateOfBirth: "1972-05-30", nhsNumber: "5550001234" };
const STAFF = { nurse: { email: "nina.lowther@clinic.example", name: "Nina Lowther" }, admin: { email: "oswald.pim@clinic.example", name: "Oswald Pim" } };
const WRONG_PASSWORD = "Tr0ub4dor&3-not-hers";
const DB_PASSWORD = "s3cret-db-passw0rd";

const FORBIDDEN = [
  ...SEEDED.flatMap((p) => Object.values(p)),
  ...Object.values(NEW_PERSON),
  ...Object.values(REFUSED_PERSON),
  ...Object.values(STAFF).flatMap((s) => [s.email, s.name]),
  WRONG_PASSWORD,
  DB_PASSWORD,
];

let db: TestDatabase;
let nurse: Actor;
let admin: Actor;
const participantIds: string[] = [];
let output = "";
const previousLevel = log.level;

beforeAll(async () => {
  db = await freshDatabase();
  useTestDatabase(db);
  const site = await makeSite(db.prisma);
  const passwordHash = await hashPassword("nurse-password-2026");
  const n = await db.prisma.user.create({ data: { ...STAFF.nurse, role: "PRESCRIBER", siteId: site.id, passwordHash } });
  const a = await db.prisma.user.create({ data: { ...STAFF.admin, role: "ADMIN", siteId: site.id, passwordHash } });
  nurse = { userId: n.id, name: n.name, role: "PRESCRIBER", siteId: site.id };
  admin = { userId: a.id, name: a.name, role: "ADMIN", siteId: site.id };
  for (const person of SEEDED) {
    const participant = await db.prisma.participant.create({
      data: {
        siteId: site.id,
        reference: person.reference,
        identity: { create: { givenName: person.givenName, familyName: person.familyName, dateOfBirth: localDateToDb(person.dateOfBirth), nhsNumber: person.nhsNumber } },
      },
    });
    // Enrolled, never prescribed: expected at no session, so a check-in is refused by name.
    await db.prisma.episode.create({ data: { siteId: site.id, participantId: participant.id, enrolledOn: localDateToDb("2026-01-05"), enrolledById: n.id } });
    participantIds.push(participant.id);
  }

  log.level = "trace";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    output += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    return true;
  });
});

afterAll(async () => {
  vi.restoreAllMocks();
  log.level = previousLevel;
  await db?.close();
});

afterEach(() => {
  signedInAs.actor = null;
});

function lines(): Record<string, unknown>[] {
  return output
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function expectNoIdentity() {
  const lower = output.toLowerCase();
  for (const value of FORBIDDEN) expect(lower, `the log holds "${value}"`).not.toContain(value.toLowerCase());
}

describe("what the log says when things fail", () => {
  it("logs a database error that echoes a participant's identity as its class and code only", async () => {
    // A guard that refuses the insert and, as PostgreSQL errors do, quotes the values it saw.
    await db.sql(`CREATE FUNCTION ops_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused % % born % NHS %', NEW."givenName", NEW."familyName", NEW."dateOfBirth", NEW."nhsNumber"; END $$`);
    await db.sql(`CREATE TRIGGER ops_test_refuse BEFORE INSERT ON "ParticipantIdentity" FOR EACH ROW EXECUTE FUNCTION ops_test_refuse()`);
    try {
      const input = { ...REFUSED_PERSON, referredOn: "2026-02-01", agency: "GP" as const, reason: `Referred by Dr ${REFUSED_PERSON.familyName}'s GP` };
      // The raw error does carry the identity: that is what the logger must not pass on.
      const raw = await db.prisma.$transaction((tx) => referNewParticipant(tx, nurse, input)).catch((error: unknown) => error);
      expect(String(raw)).toContain(REFUSED_PERSON.givenName);

      signedInAs.actor = nurse;
      output = "";
      const result = await referParticipantAction(null, form(input));
      expect(result).toMatchObject({ ok: false, code: "unexpected" });
      const [line] = lines().filter((l) => l.msg === "action failed");
      expect(line).toMatchObject({ level: "error", action: "participant.refer", userId: nurse.userId, siteId: nurse.siteId, err: { type: expect.any(String) } });
      expect(line!.err).not.toHaveProperty("message");
      expect((line!.err as { frames?: string[] }).frames?.length).toBeGreaterThan(0);
      expectNoIdentity();
    } finally {
      await db.sql(`DROP TRIGGER ops_test_refuse ON "ParticipantIdentity"`);
      await db.sql(`DROP FUNCTION ops_test_refuse()`);
    }
  });

  it("logs a clash with an NHS number already held without the number or the names", async () => {
    signedInAs.actor = nurse;
    output = "";
    const result = await referParticipantAction(null, form({ ...NEW_PERSON, nhsNumber: SEEDED[0]!.nhsNumber, referredOn: "2026-02-01", agency: "POLICE", reason: "Arrest referral" }));
    expect(result).toMatchObject({ ok: false, code: "conflict" });
    expect(lines()).toContainEqual(
      expect.objectContaining({ level: "warn", action: "participant.refer", userId: nurse.userId, err: expect.objectContaining({ code: "P2002" }) }),
    );
    expectNoIdentity();
  });

  it("logs a rule's code, never its message, which names the participant", async () => {
    signedInAs.actor = nurse;
    output = "";
    const session = latestOpenedSession(new Date());
    const result = await checkInAction(null, form({ participantId: participantIds[1]!, sessionDate: session.date, slot: session.slot }));
    // The nurse is told who (that is the message's job)…
    expect(result).toMatchObject({ ok: false, code: "rule" });
    expect(result.ok ? "" : result.error).toContain(SEEDED[1]!.givenName);
    // …the log only which rule, for which staff member.
    expect(lines()).toContainEqual(expect.objectContaining({ level: "info", action: "doseSession.checkIn", userId: nurse.userId, rule: "doseSession.notExpected" }));
    expectNoIdentity();
  });

  it("logs a rejected import as counts, not the rows or the problems, which quote references", async () => {
    signedInAs.actor = admin;
    output = "";
    const csv = ["reference,offence date,offence type,severity score", `${SEEDED[0]!.reference},2025-13-40,Shoplifting,3`, `${SEEDED[1]!.reference},2025-02-01,Theft,2`].join("\n");
    const data = new FormData();
    data.set("kind", "offences");
    data.set("file", new File([csv], "police.csv", { type: "text/csv" }));
    const result = await importCsvAction(null, data);
    expect(result).toMatchObject({ ok: true, data: { status: "rejected" } });
    expect(lines()).toContainEqual(
      expect.objectContaining({ event: "import", kind: "offences", status: "rejected", userId: admin.userId, rowsRead: 2, problemCount: 1 }),
    );
    expectNoIdentity();
  });

  it("logs sign-in throttling by the account's id, never the email typed or the password", async () => {
    output = "";
    const policy = { accountAtAddress: { maxFailures: 2, windowMinutes: 15 }, account: { maxFailures: 2, windowMinutes: 15 }, address: { maxFailures: 100, windowMinutes: 15 } };
    const now = new Date();
    for (let i = 0; i < 2; i++) {
      expect(await signIn(db.prisma, { email: STAFF.nurse.email, password: WRONG_PASSWORD, ip: "203.0.113.9" }, now, policy)).toMatchObject({ ok: false });
    }
    expect(await signIn(db.prisma, { email: STAFF.nurse.email.toUpperCase(), password: WRONG_PASSWORD, ip: "203.0.113.9" }, now, policy)).toEqual({
      ok: false,
      reason: "throttled",
    });
    expect(lines()).toContainEqual(expect.objectContaining({ level: "warn", event: "sign-in.throttled", userId: nurse.userId, accountFailures: 2 }));
    expect(output).not.toContain("203.0.113.9");
    expectNoIdentity();
  });

  it("logs each session the catch-up closes by site, date and counts", async () => {
    output = "";
    const closed = await db.prisma.$transaction((tx) => catchUpClosures(tx, nurse.siteId, new Date()), { timeout: 60_000 });
    expect(closed.length).toBeGreaterThan(0);
    const logged = lines().filter((l) => l.event === "session.close");
    expect(logged).toHaveLength(closed.length);
    expect(logged[0]).toMatchObject({ siteId: nurse.siteId, closedBy: "catch-up", notExpected: 2 });
    expectNoIdentity();
  });

  it("reports an unreachable database without its address's password", async () => {
    output = "";
    const unreachable = new PrismaClient({ adapter: new PrismaPg({ connectionString: `postgresql://hat:${DB_PASSWORD}@127.0.0.1:9/hat`, connectionTimeoutMillis: 2_000 }) });
    try {
      const health = await checkHealth(unreachable);
      expect(health).toEqual({ status: "unavailable", database: "down", migrations: "unknown" });
      expect(JSON.stringify(health)).not.toContain(DB_PASSWORD);
    } finally {
      await unreachable.$disconnect();
    }
    expect(lines()).toContainEqual(expect.objectContaining({ level: "warn", event: "health" }));
    expectNoIdentity();
  });
});

describe("the logger's own defences", () => {
  it("redacts identifying keys wherever a careless call puts them", () => {
    output = "";
    const [person] = SEEDED;
    log.info({ participant: { ...person }, user: { email: STAFF.nurse.email, password: WRONG_PASSWORD }, form: { givenName: NEW_PERSON.givenName } }, "careless");
    log.warn({ nhsNumber: person!.nhsNumber, name: STAFF.admin.name, reason: `asked by ${NEW_PERSON.familyName}` }, "careless again");
    const [first, second] = lines();
    expect(first).toMatchObject({ participant: { givenName: "[redacted]", dateOfBirth: "[redacted]", nhsNumber: "[redacted]", reference: "[redacted]" } });
    expect(second).toMatchObject({ nhsNumber: "[redacted]", name: "[redacted]", reason: "[redacted]" });
    expectNoIdentity();
  });

  it("keeps an error's class, code and field names and drops its message and values", () => {
    const error = Object.assign(new Error(`Unique constraint failed: (nhsNumber)=(${SEEDED[0]!.nhsNumber}) for ${SEEDED[0]!.givenName}`), {
      code: "P2002",
      meta: { modelName: "ParticipantIdentity", target: ["nhsNumber"], driverAdapterError: { cause: { kind: "UniqueConstraintViolation", originalCode: "23505", originalMessage: SEEDED[0]!.givenName } } },
      cause: new TypeError(`bad value ${SEEDED[0]!.familyName}`),
    });
    const safe = safeError(error);
    expect(safe).toMatchObject({ type: "Error", code: "P2002", model: "ParticipantIdentity", target: ["nhsNumber"], kind: "UniqueConstraintViolation", cause: { type: "TypeError" } });
    expect(JSON.stringify(safe)).not.toMatch(new RegExp(`${SEEDED[0]!.nhsNumber}|${SEEDED[0]!.givenName}|${SEEDED[0]!.familyName}`));
    expect(safeError("a thrown string naming someone")).toEqual({ type: "string" });
  });

  it("writes one JSON object per line with an ISO time, a level name and the service", () => {
    output = "";
    log.info({ event: "test", count: 1 }, "hello");
    expect(lines()).toEqual([expect.objectContaining({ level: "info", service: "hat-clinic", msg: "hello", event: "test", count: 1, time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) })]);
  });
});
