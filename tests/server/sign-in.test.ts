import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "@/auth/passwords";
import { signIn } from "@/server/sign-in";
import { freshDatabase, type TestDatabase } from "../support/database";
import { makeSite } from "../support/fixtures";

let db: TestDatabase;
let siteId: string;
const password = "correct horse battery";

beforeAll(async () => {
  db = await freshDatabase();
  siteId = (await makeSite(db.prisma)).id;
  const passwordHash = await hashPassword(password);
  await db.prisma.user.createMany({
    data: [
      { email: "nurse@t.example", name: "Nurse", role: "NURSE", siteId, passwordHash },
      { email: "gone@t.example", name: "Gone", role: "NURSE", siteId, passwordHash, disabledAt: new Date() },
      { email: "locked@t.example", name: "Locked", role: "NURSE", siteId, passwordHash },
    ],
  });
});
afterAll(() => db?.close());

const at = (iso: string) => new Date(iso);

describe("signing in", () => {
  it("accepts the right password and records the success", async () => {
    const result = await signIn(db.prisma, { email: "Nurse@T.example ", password, ip: "10.0.0.1" }, at("2026-11-23T09:00:00Z"));
    expect(result).toMatchObject({ ok: true, user: { email: "nurse@t.example", role: "NURSE", siteId } });
    expect(await db.prisma.loginAttempt.count({ where: { email: "nurse@t.example", succeeded: true } })).toBe(1);
  });

  it("answers the same for a wrong password, an unknown account and a disabled account", async () => {
    const now = at("2026-11-23T09:05:00Z");
    const wrong = await signIn(db.prisma, { email: "nurse@t.example", password: "nope", ip: "10.0.0.2" }, now);
    const unknown = await signIn(db.prisma, { email: "nobody@t.example", password, ip: "10.0.0.2" }, now);
    const disabled = await signIn(db.prisma, { email: "gone@t.example", password, ip: "10.0.0.2" }, now);
    expect([wrong, unknown, disabled]).toEqual([
      { ok: false, reason: "invalid" },
      { ok: false, reason: "invalid" },
      { ok: false, reason: "invalid" },
    ]);
  });

  it("locks an account for 15 minutes after 5 failures, even with the right password", async () => {
    for (let i = 0; i < 5; i++) {
      const result = await signIn(db.prisma, { email: "locked@t.example", password: "guess", ip: `10.1.0.${i}` }, at(`2026-11-23T10:0${i}:00Z`));
      expect(result).toEqual({ ok: false, reason: "invalid" });
    }
    const during = await signIn(db.prisma, { email: "locked@t.example", password, ip: "10.1.0.9" }, at("2026-11-23T10:18:59Z"));
    expect(during).toEqual({ ok: false, reason: "throttled" });
    const after = await signIn(db.prisma, { email: "locked@t.example", password, ip: "10.1.0.9" }, at("2026-11-23T10:19:01Z"));
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
