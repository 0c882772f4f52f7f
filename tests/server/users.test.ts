import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/auth/actor";
import { verifyPassword } from "@/auth/passwords";
import { RuleError } from "@/server/errors";
import { changeOwnPassword, createUser, disableUser, prepareOwnPasswordChange, prepareTemporaryPassword, resetPassword } from "@/server/users";
import { ChangeOwnPasswordInput, CreateUserInput } from "@/server/users.input";
import { freshDatabase, type TestDatabase } from "../support/database";
import { makeSite, makeUser } from "../support/fixtures";

let db: TestDatabase;
let admin: Actor;
let siteId: string;

beforeAll(async () => {
  db = await freshDatabase();
  siteId = (await makeSite(db.prisma)).id;
  const user = await makeUser(db.prisma, siteId, "ADMIN");
  admin = { userId: user.id, name: user.name, role: "ADMIN", siteId };
});
afterAll(() => db?.close());

const newUser = (email: string) =>
  CreateUserInput.parse({ name: "New Nurse", email, role: "NURSE", siteId, temporaryPassword: "temporary-pass-1", witnessPin: "1234" });

/** As the action does: the password hashed first, then the transaction. */
async function created(email: string) {
  const input = newUser(email);
  const prepared = await prepareTemporaryPassword(db.prisma, admin, input);
  return { input, prepared };
}

describe("user administration", () => {
  it("creates a user who must change the temporary password, with an audit event in the same transaction", async () => {
    const { input, prepared } = await created("new@t.example");
    const made = await db.prisma.$transaction((tx) => createUser(tx, admin, input, prepared));
    const user = await db.prisma.user.findUniqueOrThrow({ where: { id: made.id } });
    expect(user.mustChangePassword).toBe(true);
    expect(await verifyPassword("temporary-pass-1", user.passwordHash)).toBe(true);
    const events = await db.prisma.auditEvent.findMany({ where: { entityId: made.id } });
    expect(events).toMatchObject([{ action: "user.create", actorId: admin.userId, actorRole: "ADMIN" }]);
  });

  it("leaves neither the user nor its audit row when the transaction rolls back", async () => {
    const { input, prepared } = await created("rolled-back@t.example");
    const attempt = db.prisma.$transaction(async (tx) => {
      await createUser(tx, admin, input, prepared);
      throw new Error("a later step failed");
    });
    await expect(attempt).rejects.toThrow("a later step failed");
    expect(await db.prisma.user.count({ where: { email: "rolled-back@t.example" } })).toBe(0);
    expect(await db.prisma.auditEvent.count({ where: { action: "user.create", summary: { path: ["role"], equals: "NURSE" } } })).toBe(1);
  });

  it("refuses a second account with the same email and writes nothing", async () => {
    const { input, prepared } = await created("NEW@t.example");
    const before = await db.prisma.auditEvent.count();
    await expect(db.prisma.$transaction((tx) => createUser(tx, admin, input, prepared))).rejects.toBeInstanceOf(RuleError);
    expect(await db.prisma.auditEvent.count()).toBe(before);
  });

  it("disables instead of deleting, and an administrator cannot disable themself", async () => {
    const target = await db.prisma.user.findUniqueOrThrow({ where: { email: "new@t.example" } });
    await db.prisma.$transaction((tx) => disableUser(tx, admin, { userId: target.id }));
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: target.id } })).disabledAt).not.toBeNull();
    await expect(db.prisma.$transaction((tx) => disableUser(tx, admin, { userId: admin.userId }))).rejects.toMatchObject({ code: "user.selfDisable" });
  });

  it("forces a password reset and lets the user choose a new password", async () => {
    const user = await makeUser(db.prisma, siteId, "NURSE");
    const reset = { userId: user.id, temporaryPassword: "temporary-pass-2" };
    const temporary = await prepareTemporaryPassword(db.prisma, admin, reset);
    await db.prisma.$transaction((tx) => resetPassword(tx, admin, reset, temporary));
    const nurse: Actor = { userId: user.id, name: user.name, role: "NURSE", siteId };
    const input = ChangeOwnPasswordInput.parse({ currentPassword: "temporary-pass-2", newPassword: "my-own-long-pass", confirmPassword: "my-own-long-pass" });
    const prepared = await prepareOwnPasswordChange(db.prisma, nurse, input);
    await db.prisma.$transaction((tx) => changeOwnPassword(tx, nurse, prepared));
    const after = await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.mustChangePassword).toBe(false);
    expect(await verifyPassword("my-own-long-pass", after.passwordHash)).toBe(true);
  });

  it("refuses a password change with the wrong current password", async () => {
    const user = await makeUser(db.prisma, siteId, "NURSE");
    const nurse: Actor = { userId: user.id, name: user.name, role: "NURSE", siteId };
    const input = ChangeOwnPasswordInput.parse({ currentPassword: "wrong", newPassword: "my-own-long-pass", confirmPassword: "my-own-long-pass" });
    await expect(prepareOwnPasswordChange(db.prisma, nurse, input)).rejects.toMatchObject({ code: "user.wrongPassword" });
  });
});
