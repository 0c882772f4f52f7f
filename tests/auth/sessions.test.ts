import { generate } from "otplib";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { hashPassword } from "@/auth/passwords";
import { freshDatabase, type TestDatabase } from "../support/database";
import { makeSite } from "../support/fixtures";

/**
 * Sessions you can end (issue 16, finding 5), through the real session check: only
 * next-auth's cookie reading is replaced by the session the test says the browser holds.
 * A copied token stops working after sign-out, a password change or reset, a role change
 * and disabling; idle and 12-hour limits hold for actions and APIs; a reset password, or an
 * administrator's second step not yet set up, blocks every action and API but the one
 * that takes that step.
 */

type Session = { user: { id: string }; clock: { signedInAt: number; lastActivityAt: number }; sessionVersion: number };
const browser = vi.hoisted(() => ({ session: null as Session | null }));
vi.mock("next-auth", () => ({ getServerSession: async () => browser.session }));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

process.env.NEXTAUTH_SECRET ??= "sessions-test-secret-long-enough-for-the-schema";

const { currentActor, requirePermission } = await import("@/auth/session");
const { authOptions } = await import("@/auth/options");
const { changeOwnPasswordAction, confirmSecondFactorAction } = await import("@app/(staff)/account/actions");
const { createUserAction, resetPasswordAction, changeRoleAction, disableUserAction } = await import("@app/(staff)/admin/actions");
const { checkInAction } = await import("@app/(staff)/today/actions");
const { GET: auditExport } = await import("@app/api/admin/audit/route");
const { signOut } = await import("@/server/sign-in");

let db: TestDatabase;
let siteId: string;
const password = "correct horse battery";
const ADMIN_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

beforeAll(async () => {
  db = await freshDatabase();
  (globalThis as unknown as { hatDatabase?: { prisma: unknown } }).hatDatabase = { prisma: db.prisma };
  siteId = (await makeSite(db.prisma)).id;
});
afterAll(() => db?.close());
beforeEach(() => {
  browser.session = null;
});

const nowSeconds = () => Math.floor(Date.now() / 1000);

async function account(role: "NURSE" | "ADMIN" | "PRESCRIBER", extra: { mustChangePassword?: boolean; enrolled?: boolean } = {}) {
  const n = Math.random().toString(36).slice(2, 8);
  return db.prisma.user.create({
    data: {
      email: `${role.toLowerCase()}-${n}@t.example`,
      name: `${role} ${n}`,
      role,
      siteId,
      passwordHash: await hashPassword(password),
      mustChangePassword: extra.mustChangePassword ?? false,
      ...(extra.enrolled ? { totpSecret: ADMIN_SECRET, totpEnabledAt: new Date() } : {}),
    },
  });
}

/** The browser holds a token for this account, made at sign-in (or a copy of it). */
function holdToken(user: { id: string; sessionVersion: number }, clock = { signedInAt: nowSeconds() - 60, lastActivityAt: nowSeconds() - 5 }) {
  browser.session = { user: { id: user.id }, clock, sessionVersion: user.sessionVersion };
}

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
}

async function apiStatus(): Promise<number> {
  return (await auditExport(new Request("http://clinic.test/api/admin/audit"))).status;
}

/** Runs an action that redirects on success; the redirect is Next.js's to carry out. */
async function expectRedirect(call: () => Promise<unknown>, to: string) {
  await expect(call()).rejects.toMatchObject({ digest: expect.stringContaining(to) });
}

describe("a copied session token stops working", () => {
  it("after its owner signs out", async () => {
    const nurse = await account("NURSE");
    holdToken(nurse);
    expect(await currentActor()).toMatchObject({ userId: nurse.id });
    await signOut(db.prisma, { userId: nurse.id, sessionVersion: nurse.sessionVersion });
    expect(await currentActor()).toBeNull();
    expect(await checkInAction(null, form({ participantId: "x" }))).toMatchObject({ ok: false, code: "unauthenticated" });
  });

  it.each([
    ["a password reset by an administrator", "reset"],
    ["a role change", "role"],
    ["disabling the account", "disable"],
  ])("after %s", async (_, change) => {
    const admin = await account("ADMIN", { enrolled: true });
    const other = await account("ADMIN", { enrolled: true });
    holdToken(other);
    expect(await apiStatus()).toBe(200);
    holdToken(admin);
    const result =
      change === "reset"
        ? await resetPasswordAction(null, form({ userId: other.id, temporaryPassword: "kettle-orbit-violet-47" }))
        : change === "role"
          ? await changeRoleAction(null, form({ userId: other.id, role: "PRESCRIBER", siteId }))
          : await disableUserAction(null, form({ userId: other.id }));
    expect(result).toMatchObject({ ok: true });
    holdToken(other);
    expect(await apiStatus()).toBe(401);
    expect(await currentActor()).toBeNull();
  });

  it("after its owner changes the password: every session ends, this one too, and sign-in follows", async () => {
    const nurse = await account("NURSE");
    holdToken(nurse);
    await expectRedirect(() => changeOwnPasswordAction(null, form({ currentPassword: password, newPassword: "kettle-orbit-violet-47", confirmPassword: "kettle-orbit-violet-47" })), "/login?ended=password");
    expect(await currentActor()).toBeNull();
  });

  it("never for a token without a session version (made before versions existed)", async () => {
    const nurse = await account("NURSE");
    browser.session = { user: { id: nurse.id }, clock: { signedInAt: nowSeconds(), lastActivityAt: nowSeconds() } } as Session;
    expect(await currentActor()).toBeNull();
  });
});

describe("idle and 12-hour limits, on the server for actions and APIs", () => {
  it.each([
    ["31 idle minutes", { signedInAt: nowSeconds() - 3600, lastActivityAt: nowSeconds() - 31 * 60 }],
    ["12 hours since signing in", { signedInAt: nowSeconds() - 12 * 3600, lastActivityAt: nowSeconds() - 60 }],
    ["a clock that is not a number", { signedInAt: Number.NaN, lastActivityAt: Number.NaN }],
  ])("end the session after %s", async (_, clock) => {
    const admin = await account("ADMIN", { enrolled: true });
    holdToken(admin, clock);
    expect(await apiStatus()).toBe(401);
    expect(await createUserAction(null, form({}))).toMatchObject({ code: "unauthenticated" });
  });

  it("keep a live session", async () => {
    const admin = await account("ADMIN", { enrolled: true });
    holdToken(admin, { signedInAt: nowSeconds() - 11 * 3600, lastActivityAt: nowSeconds() - 29 * 60 });
    expect(await apiStatus()).toBe(200);
  });
});

describe("the forced password change after a reset", () => {
  it("blocks every action and API until the password is changed; the change itself goes through", async () => {
    const admin = await account("ADMIN", { mustChangePassword: true, enrolled: true });
    holdToken(admin);
    expect(await apiStatus()).toBe(401);
    const refused = await createUserAction(null, form({ name: "New Nurse", email: "new@t.example", role: "NURSE", siteId, temporaryPassword: "kettle-orbit-violet-47" }));
    expect(refused).toMatchObject({ ok: false, code: "unauthenticated" });
    expect(await db.prisma.user.count({ where: { email: "new@t.example" } })).toBe(0);
    await expect(requirePermission("audit.read")).rejects.toMatchObject({ digest: expect.stringContaining("/account?reset=1") });
    expect(await requirePermission("account.self")).toMatchObject({ userId: admin.id });

    await expectRedirect(
      () => changeOwnPasswordAction(null, form({ currentPassword: password, newPassword: "kettle-orbit-violet-47", confirmPassword: "kettle-orbit-violet-47" })),
      "/login",
    );
    const changed = await db.prisma.user.findUniqueOrThrow({ where: { id: admin.id } });
    expect(changed.mustChangePassword).toBe(false);
    holdToken(changed);
    expect(await apiStatus()).toBe(200);
  });

  it("refuses a weak new password with a clear message", async () => {
    const nurse = await account("NURSE", { mustChangePassword: true });
    holdToken(nurse);
    const result = await changeOwnPasswordAction(null, form({ currentPassword: password, newPassword: "password1234", confirmPassword: "password1234" }));
    expect(result).toMatchObject({ ok: false, code: "invalid", fieldErrors: { newPassword: expect.stringContaining("too easy to guess") } });
  });
});

describe("two-step sign-in for administrators and prescribers", () => {
  it("an administrator without it set up can do nothing but set it up", async () => {
    const admin = await account("ADMIN");
    holdToken(admin);
    expect(await apiStatus()).toBe(401);
    await expect(requirePermission("audit.read")).rejects.toMatchObject({ digest: expect.stringContaining("/account?setup=1") });
    const now = new Date();
    const code = await generate({ secret: ADMIN_SECRET, epoch: Math.floor(now.getTime() / 1000) });
    const result = await confirmSecondFactorAction(null, form({ secret: ADMIN_SECRET, code }));
    expect(result).toMatchObject({ ok: true, data: { recoveryCodes: expect.any(Array) } });
    expect(await apiStatus()).toBe(200);
    expect(await db.prisma.auditEvent.count({ where: { action: "user.secondFactorSetUp", entityId: admin.id } })).toBe(1);
  });

  it("a nurse needs none", async () => {
    const nurse = await account("NURSE");
    holdToken(nurse);
    expect(await currentActor()).toMatchObject({ userId: nurse.id });
  });

  it("refuses a code that is not the app's", async () => {
    const prescriber = await account("PRESCRIBER");
    holdToken(prescriber);
    const result = await confirmSecondFactorAction(null, form({ secret: ADMIN_SECRET, code: "000000" }));
    expect(result).toMatchObject({ ok: false, code: "rule" });
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: prescriber.id } })).totpEnabledAt).toBeNull();
  });

  it("the enrolment action is refused to someone who still has a reset password to change", async () => {
    const prescriber = await account("PRESCRIBER", { mustChangePassword: true });
    holdToken(prescriber);
    expect(await confirmSecondFactorAction(null, form({ secret: ADMIN_SECRET, code: "123456" }))).toMatchObject({ code: "unauthenticated" });
  });
});

describe("next-auth's own redirects", () => {
  const redirect = (url: string) => authOptions().callbacks!.redirect!({ url, baseUrl: "https://clinic.example" }) as string;

  it.each(["/\\example.org/phish", "/\t/example.org", "https://example.org/phish", "//example.org", "https://clinic.example.example.org/", "https://clinic.example@example.org/"])(
    "refuses %s and stays on the site",
    (url) => {
      expect(new URL(redirect(url)).origin).toBe("https://clinic.example");
    },
  );

  it("keeps a path on the site, the sign-in page included", () => {
    expect(redirect("/login")).toBe("https://clinic.example/login");
    expect(redirect("https://clinic.example/today?slot=AM")).toBe("https://clinic.example/today?slot=AM");
  });
});
