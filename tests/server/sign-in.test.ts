import { generate } from "otplib";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { hashPassword } from "@/auth/passwords";
import { requestAddress } from "@/auth/client-address";
import { signIn, signOut } from "@/server/sign-in";
import { freshDatabase, type TestDatabase } from "../support/database";
import { makeSite } from "../support/fixtures";

// Counts how many attempts reach the password check (the slow hash).
const checked = vi.hoisted(() => ({ count: 0 }));
vi.mock("@/auth/passwords", async (original) => {
  const real = await original<typeof import("@/auth/passwords")>();
  return {
    ...real,
    verifyPassword: (plain: string, hash: string) => {
      checked.count++;
      return real.verifyPassword(plain, hash);
    },
  };
});

let db: TestDatabase;
let siteId: string;
const password = "correct horse battery";
const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

beforeAll(async () => {
  db = await freshDatabase();
  siteId = (await makeSite(db.prisma)).id;
  const passwordHash = await hashPassword(password);
  await db.prisma.user.createMany({
    data: [
      { email: "nurse@t.example", name: "Nurse", role: "NURSE", siteId, passwordHash },
      { email: "gone@t.example", name: "Gone", role: "NURSE", siteId, passwordHash, disabledAt: new Date() },
      { email: "locked@t.example", name: "Locked", role: "NURSE", siteId, passwordHash },
      { email: "tablet@t.example", name: "Tablet Nurse", role: "NURSE", siteId, passwordHash },
      { email: "forged@t.example", name: "Forged", role: "NURSE", siteId, passwordHash },
      { email: "crowd@t.example", name: "Crowd", role: "NURSE", siteId, passwordHash },
      { email: "prescriber@t.example", name: "Prescriber", role: "PRESCRIBER", siteId, passwordHash, totpSecret: SECRET, totpEnabledAt: new Date() },
    ],
  });
});
afterAll(() => db?.close());
beforeEach(() => {
  checked.count = 0;
});

const at = (iso: string) => new Date(iso);
const attempts = (email: string) => db.prisma.loginAttempt.findMany({ where: { email }, orderBy: { at: "asc" } });
const auditOf = (action: string) => db.prisma.auditEvent.findMany({ where: { action }, orderBy: { id: "asc" } });

describe("signing in", () => {
  it("accepts the right password, records the success and audits who signed in", async () => {
    const result = await signIn(db.prisma, { email: "Nurse@T.example ", password, ip: "10.0.0.1" }, at("2026-11-23T09:00:00Z"));
    expect(result).toMatchObject({ ok: true, user: { email: "nurse@t.example", role: "NURSE", siteId, sessionVersion: 0 } });
    expect(await db.prisma.loginAttempt.count({ where: { email: "nurse@t.example", outcome: "SUCCEEDED" } })).toBe(1);
    const [event] = await auditOf("auth.signIn");
    expect(event).toMatchObject({ actorId: result.ok ? result.user.id : "", entity: "User", entityId: result.ok ? result.user.id : "", siteId });
  });

  it("answers the same for a wrong password, an unknown account and a disabled account, and audits each without the email typed", async () => {
    const now = at("2026-11-23T09:05:00Z");
    const wrong = await signIn(db.prisma, { email: "nurse@t.example", password: "nope", ip: "10.0.0.2" }, now);
    const unknown = await signIn(db.prisma, { email: "nobody@t.example", password, ip: "10.0.0.2" }, now);
    const disabled = await signIn(db.prisma, { email: "gone@t.example", password, ip: "10.0.0.2" }, now);
    expect([wrong, unknown, disabled]).toEqual([
      { ok: false, reason: "invalid" },
      { ok: false, reason: "invalid" },
      { ok: false, reason: "invalid" },
    ]);
    const failed = await auditOf("auth.signInFailed");
    expect(failed.map((e) => [e.actorId, e.summary])).toEqual([
      [null, { reason: "wrong password" }],
      [null, { reason: "unknown account" }],
      [null, { reason: "account disabled" }],
    ]);
    expect(failed[1]!.entityId).toBe("unknown");
    const written = JSON.stringify(failed.map(({ id, ...event }) => ({ ...event, id: String(id) })));
    expect(written).not.toContain("nobody@t.example");
    expect(written).not.toContain(password);
  });

  it("locks an account at one address for 15 minutes after 5 failures, even with the right password", async () => {
    for (let i = 0; i < 5; i++) {
      const result = await signIn(db.prisma, { email: "locked@t.example", password: "guess", ip: "10.1.0.1" }, at(`2026-11-23T10:0${i}:00Z`));
      expect(result).toEqual({ ok: false, reason: "invalid" });
    }
    const during = await signIn(db.prisma, { email: "locked@t.example", password, ip: "10.1.0.1" }, at("2026-11-23T10:18:59Z"));
    expect(during).toEqual({ ok: false, reason: "throttled" });
    const after = await signIn(db.prisma, { email: "locked@t.example", password, ip: "10.1.0.1" }, at("2026-11-23T10:19:01Z"));
    expect(after.ok).toBe(true);
  });

  it("locks an address after 20 failures across accounts, and says so for unknown accounts too", async () => {
    for (let i = 0; i < 20; i++) {
      await signIn(db.prisma, { email: `guess${i}@t.example`, password: "x", ip: "192.0.2.7" }, at("2026-11-23T11:00:00Z"));
    }
    const result = await signIn(db.prisma, { email: "nurse@t.example", password, ip: "192.0.2.7" }, at("2026-11-23T11:01:00Z"));
    expect(result).toEqual({ ok: false, reason: "throttled" });
    const elsewhere = await signIn(db.prisma, { email: "nurse@t.example", password, ip: "192.0.2.8" }, at("2026-11-23T11:01:00Z"));
    expect(elsewhere.ok).toBe(true);
  });
});

// Issue 16, finding 3, each as it was reproduced.
describe("throttling that cannot be forged, raced or turned against staff", () => {
  it("a forged X-Forwarded-For evades nothing: each guess with a new forged address counts against the socket's", async () => {
    (globalThis as Record<symbol, unknown>)[Symbol.for("hat-clinic.socket-address-appended")] = true;
    const socket = "198.51.100.9";
    const results = [];
    for (let i = 0; i < 7; i++) {
      // What server.mjs hands on: the client's header, then the socket's address.
      const ip = requestAddress({ "x-forwarded-for": `10.9.${i}.${i}, ${socket}` });
      results.push((await signIn(db.prisma, { email: "forged@t.example", password: "guess", ip }, at(`2026-11-23T12:0${i}:00Z`))).ok === false);
      expect(ip).toBe(socket);
    }
    const outcomes = await Promise.all(
      [0, 1].map((i) => signIn(db.prisma, { email: "forged@t.example", password, ip: requestAddress({ "x-forwarded-for": `172.16.0.${i}, ${socket}` }) }, at("2026-11-23T12:08:00Z"))),
    );
    expect(outcomes).toEqual([
      { ok: false, reason: "throttled" },
      { ok: false, reason: "throttled" },
    ]);
    expect((await attempts("forged@t.example")).map((a) => a.ip)).toEqual(Array(5).fill(socket));
  });

  it("an oversized X-Forwarded-For is an unknown address, never a database error", async () => {
    (globalThis as Record<symbol, unknown>)[Symbol.for("hat-clinic.socket-address-appended")] = true;
    const ip = requestAddress({ "x-forwarded-for": "9".repeat(100_000) });
    expect(ip).toBe("unknown");
    const result = await signIn(db.prisma, { email: "nurse@t.example", password, ip }, at("2026-11-23T12:30:00Z"));
    expect(result.ok).toBe(true);
  });

  it("40 simultaneous attempts at one account check at most 5 passwords", async () => {
    const now = at("2026-11-23T13:00:00Z");
    const results = await Promise.all(
      Array.from({ length: 40 }, () => signIn(db.prisma, { email: "crowd@t.example", password: "guess", ip: "203.0.113.40" }, now)),
    );
    expect(checked.count).toBeLessThanOrEqual(5);
    expect(results.filter((r) => !r.ok && r.reason === "invalid").length).toBeLessThanOrEqual(5);
    expect(results.filter((r) => !r.ok && r.reason === "throttled").length).toBeGreaterThanOrEqual(35);
    expect((await attempts("crowd@t.example")).length).toBeLessThanOrEqual(5);
  });

  it("a stranger's failures from another address do not lock the nurse out at her tablet, until the slow limit for the account", async () => {
    const tablet = "10.20.0.5";
    const minute = (m: number) => new Date(at("2026-11-23T14:00:00Z").getTime() + m * 60_000);
    // The stranger locks himself out after 5.
    for (let i = 0; i < 6; i++) await signIn(db.prisma, { email: "tablet@t.example", password: "guess", ip: "203.0.113.66" }, minute(0));
    expect(await signIn(db.prisma, { email: "tablet@t.example", password, ip: "203.0.113.66" }, minute(1))).toEqual({ ok: false, reason: "throttled" });
    // The nurse at her tablet is not.
    expect((await signIn(db.prisma, { email: "tablet@t.example", password, ip: tablet }, minute(1))).ok).toBe(true);
    // Spread over many addresses, 25 failures within the hour lock the account everywhere, for an hour.
    for (let i = 0; i < 25; i++) await signIn(db.prisma, { email: "tablet@t.example", password: "guess", ip: `203.0.114.${i}` }, minute(2 + i));
    expect(await signIn(db.prisma, { email: "tablet@t.example", password, ip: tablet }, minute(30))).toEqual({ ok: false, reason: "throttled" });
    expect((await signIn(db.prisma, { email: "tablet@t.example", password, ip: tablet }, minute(27 + 61))).ok).toBe(true);
  });
});

describe("the second step, for accounts with an authenticator app", () => {
  const step = (iso: string) => at(iso);
  const codeAt = (when: Date) => generate({ secret: SECRET, epoch: Math.floor(when.getTime() / 1000) });

  it("asks for the code once the password is right, without counting that as a failure", async () => {
    const now = step("2026-11-23T15:00:00Z");
    for (let i = 0; i < 6; i++) {
      expect(await signIn(db.prisma, { email: "prescriber@t.example", password, ip: "10.30.0.1" }, now)).toEqual({ ok: false, reason: "second-factor" });
    }
    expect((await attempts("prescriber@t.example")).map((a) => a.outcome)).toEqual(Array(6).fill("SECOND_FACTOR_NEEDED"));
  });

  it("accepts the app's code for now, refuses the same code replayed and a wrong one", async () => {
    const now = step("2026-11-23T15:01:00Z");
    const code = await codeAt(now);
    const first = await signIn(db.prisma, { email: "prescriber@t.example", password, code, ip: "10.30.0.1" }, now);
    expect(first).toMatchObject({ ok: true });
    const replayed = await signIn(db.prisma, { email: "prescriber@t.example", password, code, ip: "10.30.0.2" }, new Date(now.getTime() + 5_000));
    expect(replayed).toEqual({ ok: false, reason: "wrong-code" });
    const wrong = await signIn(db.prisma, { email: "prescriber@t.example", password, code: code === "000000" ? "111111" : "000000", ip: "10.30.0.1" }, step("2026-11-23T15:03:00Z"));
    expect(wrong).toEqual({ ok: false, reason: "wrong-code" });
    expect((await auditOf("auth.signInFailed")).at(-1)).toMatchObject({ entityId: first.ok ? first.user.id : "", summary: { reason: "wrong second-step code" } });
  });

  it("refuses the same code sent twice at once: only one sign-in gets it", async () => {
    const now = step("2026-11-23T15:10:00Z");
    const code = await codeAt(now);
    const results = await Promise.all([1, 2].map(() => signIn(db.prisma, { email: "prescriber@t.example", password, code, ip: "10.30.0.3" }, now)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it("takes a recovery code once", async () => {
    const { confirmSecondFactor } = await import("@/server/second-factor");
    const user = await db.prisma.user.create({ data: { email: "admin@t.example", name: "Admin", role: "ADMIN", siteId, passwordHash: await hashPassword(password) } });
    const now = step("2026-11-23T16:00:00Z");
    const actor = { userId: user.id, name: user.name, role: user.role, siteId };
    const code = await codeAt(now);
    const { recoveryCodes } = await db.prisma.$transaction((tx) => confirmSecondFactor(tx, actor, { secret: SECRET, code }, now));
    expect(recoveryCodes).toHaveLength(10);
    const later = step("2026-11-23T17:00:00Z");
    const recovery = recoveryCodes[0]!.toLowerCase();
    expect(await signIn(db.prisma, { email: "admin@t.example", password, code: recovery, ip: "10.30.0.4" }, later)).toMatchObject({ ok: true });
    expect(await signIn(db.prisma, { email: "admin@t.example", password, code: recovery, ip: "10.30.0.4" }, later)).toEqual({ ok: false, reason: "wrong-code" });
    expect(await db.prisma.recoveryCode.count({ where: { userId: user.id, usedAt: { not: null } } })).toBe(1);
  });
});

describe("signing out", () => {
  it("raises the account's session version and audits it, once", async () => {
    const nurse = await db.prisma.user.findUniqueOrThrow({ where: { email: "nurse@t.example" } });
    await signOut(db.prisma, { userId: nurse.id, sessionVersion: nurse.sessionVersion });
    await signOut(db.prisma, { userId: nurse.id, sessionVersion: nurse.sessionVersion });
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: nurse.id } })).sessionVersion).toBe(nurse.sessionVersion + 1);
    expect(await auditOf("auth.signOut")).toEqual([expect.objectContaining({ actorId: nurse.id, entityId: nurse.id })]);
  });
});
