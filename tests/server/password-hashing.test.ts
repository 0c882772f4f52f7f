import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { actingAs, form, useTestDatabase } from "../support/actions";
import { changeOwnPasswordAction } from "@app/(staff)/account/actions";
import { createUserAction, resetPasswordAction } from "@app/(staff)/admin/actions";
import type { Actor } from "@/auth/actor";
import { hashPassword, verifyPassword } from "@/auth/passwords";
import { freshDatabase, type TestDatabase } from "../support/database";
import { countingTransactions } from "../support/transactions";

/**
 * Issue 16, "hashing off the event loop and outside transactions": creating an account,
 * resetting a password and changing one's own hashed (and checked) the password inside the
 * action's transaction, holding its connection (PGlite has one) for a quarter of a second
 * per hash. Every hash and check now runs before the transaction opens.
 */

/** Transactions whose work is running, and how many were running at each hash or check. */
const watch = vi.hoisted(() => ({ inTransaction: 0, atEachHash: [] as number[] }));

vi.mock("@node-rs/bcrypt", async (original) => {
  const real = await original<typeof import("@node-rs/bcrypt")>();
  return {
    ...real,
    hash: (...args: Parameters<typeof real.hash>) => {
      watch.atEachHash.push(watch.inTransaction);
      return real.hash(...args);
    },
    verify: (...args: Parameters<typeof real.verify>) => {
      watch.atEachHash.push(watch.inTransaction);
      return real.verify(...args);
    },
  };
});

let db: TestDatabase;
let admin: Actor;
let siteId: string;

beforeAll(async () => {
  db = await freshDatabase();
  const prisma = db.prisma;
  useTestDatabase(countingTransactions(db, watch));
  const site = await prisma.site.create({ data: { code: "HSH", name: "Hashing" } });
  siteId = site.id;
  const user = await prisma.user.create({ data: { email: "admin@hash.test", name: "Ada Admin", role: "ADMIN", siteId, passwordHash: "x" } });
  admin = { userId: user.id, name: user.name, role: "ADMIN", siteId };
});
afterAll(async () => {
  await db?.close();
});

/** The action's answer (or what it threw: a redirect), and how many transactions ran at each hash. */
async function hashesDuring(call: () => Promise<unknown>): Promise<{ result: unknown; atEachHash: number[] }> {
  watch.atEachHash.length = 0;
  const result = await call().catch((thrown: unknown) => thrown);
  return { result, atEachHash: [...watch.atEachHash] };
}

describe("password hashing never runs inside a transaction", () => {
  it("creating an account hashes its temporary password before the transaction", async () => {
    const { result, atEachHash } = await hashesDuring(() =>
      actingAs(admin, () => createUserAction(null, form({ name: "Nell Nurse", email: "nell@hash.test", role: "NURSE", siteId, temporaryPassword: "kettle-harbour-violet" }))),
    );
    expect(result).toMatchObject({ ok: true });
    expect(atEachHash).toEqual([0]);
    const nell = await db.prisma.user.findUniqueOrThrow({ where: { email: "nell@hash.test" } });
    expect(await verifyPassword("kettle-harbour-violet", nell.passwordHash)).toBe(true);
  });

  it("resetting a password hashes the temporary one before the transaction", async () => {
    const user = await db.prisma.user.create({ data: { email: "reset@hash.test", name: "Rita Reset", role: "NURSE", siteId, passwordHash: "x" } });
    const { result, atEachHash } = await hashesDuring(() => actingAs(admin, () => resetPasswordAction(null, form({ userId: user.id, temporaryPassword: "lantern-orchard-pebble" }))));
    expect(result).toMatchObject({ ok: true });
    expect(atEachHash).toEqual([0]);
    const after = await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after).toMatchObject({ mustChangePassword: true, sessionVersion: user.sessionVersion + 1 });
    expect(await verifyPassword("lantern-orchard-pebble", after.passwordHash)).toBe(true);
  });

  it("changing one's own password checks the current one and hashes the new one before the transaction", async () => {
    const user = await db.prisma.user.create({
      data: { email: "own@hash.test", name: "Owen Own", role: "NURSE", siteId, passwordHash: await hashPassword("my-old-harbour-pass"), mustChangePassword: true },
    });
    const owen: Actor = { userId: user.id, name: user.name, role: "NURSE", siteId };
    const change = (currentPassword: string) =>
      actingAs(owen, () => changeOwnPasswordAction(null, form({ currentPassword, newPassword: "quiet-meadow-anchor", confirmPassword: "quiet-meadow-anchor" })));

    const wrong = await hashesDuring(() => change("not-my-password"));
    expect(wrong.result).toMatchObject({ ok: false, fieldErrors: { currentPassword: "Not right." } });
    expect(wrong.atEachHash).toEqual([0]);

    // A change ends the session: the action answers with a redirect to sign in again.
    const right = await hashesDuring(() => change("my-old-harbour-pass"));
    expect(right.result).toMatchObject({ message: "NEXT_REDIRECT" });
    expect(right.atEachHash).toEqual([0, 0]);
    const after = await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after).toMatchObject({ mustChangePassword: false, sessionVersion: user.sessionVersion + 1 });
    expect(await verifyPassword("quiet-meadow-anchor", after.passwordHash)).toBe(true);
  });

  it("refuses a change whose password was changed meanwhile, between the check and the transaction", async () => {
    const { prepareOwnPasswordChange, changeOwnPassword } = await import("@/server/users");
    const user = await db.prisma.user.create({ data: { email: "race@hash.test", name: "Rae Race", role: "NURSE", siteId, passwordHash: await hashPassword("first-harbour-pass") } });
    const rae: Actor = { userId: user.id, name: user.name, role: "NURSE", siteId };
    const input = { currentPassword: "first-harbour-pass", newPassword: "second-meadow-anchor", confirmPassword: "second-meadow-anchor" };
    const prepared = await prepareOwnPasswordChange(db.prisma, rae, input);
    await db.prisma.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword("reset-by-admin-pass") } });
    await expect(db.prisma.$transaction((tx) => changeOwnPassword(tx, rae, prepared))).rejects.toMatchObject({ code: "user.wrongPassword" });
  });
});
