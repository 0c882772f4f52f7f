import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { hashPassword, verifyPassword } from "@/auth/passwords";
import { closeDatabase, openDatabase } from "@/db/client";
import { applyMigrations } from "@/db/schema-engine";
import { demoSeedState } from "@/db/seed";
import { demoSeedPlan } from "@/domain/demo-mode";
import { bootstrapClinic } from "@/server/bootstrap";
import { BootstrapInput } from "@/server/bootstrap.input";
import { signIn } from "@/server/sign-in";
import { freshDatabase, type TestDatabase } from "../support/database";
import { makeSite, makeUser } from "../support/fixtures";

/**
 * Issue 16, finding 1, replayed: `npm run db:seed` wrote six accounts with published
 * passwords into any database, and was the only way to a first administrator.
 */

let db: TestDatabase;
beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(() => db?.close());
afterEach(() => vi.unstubAllEnvs());

const input = BootstrapInput.parse({ email: "Lead@Clinic.example", name: "Alex Morgan", siteName: "Teesside HAT Clinic", siteCode: "tee" });

describe("the first administrator", () => {
  it("is created with the first site and a one-time password to change at first sign-in, audited", async () => {
    const created = await bootstrapClinic(db.prisma, input);
    const admin = await db.prisma.user.findUniqueOrThrow({ where: { id: created.userId }, include: { site: true } });
    expect(admin).toMatchObject({ email: "lead@clinic.example", role: "ADMIN", demo: false, mustChangePassword: true, site: { code: "TEE", name: "Teesside HAT Clinic" } });
    expect(created.oneTimePassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(await verifyPassword(created.oneTimePassword, admin.passwordHash)).toBe(true);
    const audited = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "clinic.bootstrap" } });
    expect(audited).toMatchObject({ entity: "Site", entityId: created.siteId, summary: { siteCode: "TEE", administratorId: created.userId } });
    expect(JSON.stringify(audited.summary)).not.toContain(created.oneTimePassword);
  });

  it("is refused once an administrator exists, and nothing is written", async () => {
    const before = { users: await db.prisma.user.count(), sites: await db.prisma.site.count(), audits: await db.prisma.auditEvent.count() };
    await expect(bootstrapClinic(db.prisma, { ...input, email: "second@clinic.example", siteCode: "TWO" })).rejects.toMatchObject({ code: "bootstrap.done" });
    expect({ users: await db.prisma.user.count(), sites: await db.prisma.site.count(), audits: await db.prisma.auditEvent.count() }).toEqual(before);
  });
});

describe("the demo's accounts", () => {
  it("never sign in when demo mode is off, and sign in when it is on", async () => {
    const site = await makeSite(db.prisma);
    const password = "nurse-demo-2026";
    await db.prisma.user.create({ data: { email: "demo-nurse@hat.example", name: "Nina Shah", role: "NURSE", siteId: site.id, passwordHash: await hashPassword(password), demo: true } });
    const attempt = { email: "demo-nurse@hat.example", password, ip: "10.9.0.1" };
    vi.stubEnv("HAT_DEMO", "");
    expect(await signIn(db.prisma, attempt, new Date("2026-11-23T09:00:00Z"))).toEqual({ ok: false, reason: "invalid" });
    vi.stubEnv("HAT_DEMO", "true");
    expect(await signIn(db.prisma, attempt, new Date("2026-11-23T09:01:00Z"))).toEqual({ ok: false, reason: "invalid" });
    vi.stubEnv("HAT_DEMO", "1");
    expect(await signIn(db.prisma, attempt, new Date("2026-11-23T09:02:00Z"))).toMatchObject({ ok: true, user: { email: "demo-nurse@hat.example" } });
  });

  it("are never seeded into a database holding a clinic's own accounts", async () => {
    const other = await freshDatabase();
    try {
      expect(demoSeedPlan(true, await demoSeedState(other.prisma))).toEqual({ action: "seed" });
      const site = await makeSite(other.prisma);
      await makeUser(other.prisma, site.id, "ADMIN");
      expect(demoSeedPlan(true, await demoSeedState(other.prisma))).toMatchObject({ action: "refuse" });
    } finally {
      await other.close();
    }
  });
});

describe("the commands", () => {
  const tsx = path.resolve("node_modules/.bin/tsx");
  const run = promisify(execFile);
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "hat-first-run-"));
    const database = openDatabase({ kind: "pglite", dataDir: path.join(dir, "pglite") });
    await applyMigrations(database.handle.factory);
    await closeDatabase(database);
    env = { ...process.env, DATABASE_URL: `pglite:${path.join(dir, "pglite")}`, HAT_DEMO: "", LOG_LEVEL: "silent" };
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function outcome(args: string[]) {
    try {
      const { stdout, stderr } = await run(tsx, args, { env });
      return { code: 0, out: stdout + stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, out: failed.stdout + failed.stderr };
    }
  }

  it("db:seed refuses without --demo; bootstrap prints a one-time password once; db:seed --demo then refuses the clinic's database", async () => {
    const seed = await outcome(["scripts/db-seed.ts"]);
    expect(seed).toMatchObject({ code: 1, out: expect.stringContaining("npm run bootstrap") });

    const first = await outcome(["--conditions=react-server", "scripts/bootstrap.ts", "--email", "lead@clinic.example", "--name", "Alex Morgan", "--site", "Teesside HAT Clinic", "--site-code", "TEE"]);
    expect(first).toMatchObject({ code: 0, out: expect.stringMatching(/One-time password \(shown only now; changed at first sign-in\): [A-Za-z0-9_-]{24}\n/) });
    const again = await outcome(["--conditions=react-server", "scripts/bootstrap.ts", "--email", "other@clinic.example", "--name", "Sam Lee", "--site", "Other", "--site-code", "OTH"]);
    expect(again).toMatchObject({ code: 1, out: expect.stringContaining("already has an administrator") });
    expect(again.out).not.toMatch(/One-time password/);

    const demo = await outcome(["scripts/db-seed.ts", "--demo"]);
    expect(demo).toMatchObject({ code: 1, out: expect.stringContaining("never seeded") });
    expect(demo.out).not.toContain("admin-demo-2026");
  });
});
