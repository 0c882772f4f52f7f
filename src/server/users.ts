import "server-only";
import type { Actor } from "@/auth/actor";
import { hashPassword, hashWitnessPin, verifyPassword } from "@/auth/passwords";
import type { Db, Tx } from "@/db/client";
import { audit } from "./audit";
import { RuleError } from "./errors";
import type { ChangeOwnPasswordInput, ChangeRoleInput, CreateUserInput, ResetPasswordInput, SetClinicalLeadInput, SetOwnWitnessPinInput, UserIdInput } from "./users.input";

/**
 * Accounts are never deleted: audit events and clinical records point at them.
 *
 * bcrypt is slow on purpose, so every password is hashed (and checked) by the action's
 * `before` step, before its transaction opens: the services below take the hash.
 */

/** A password hashed before the transaction. */
export type PreparedPassword = { passwordHash: string };

export async function prepareTemporaryPassword(_db: Db, _actor: Actor, input: { temporaryPassword: string }): Promise<PreparedPassword> {
  return { passwordHash: await hashPassword(input.temporaryPassword) };
}

export async function createUser(tx: Tx, actor: Actor, input: CreateUserInput, prepared: PreparedPassword) {
  const existing = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) throw new RuleError("user.emailTaken", "An account with this email already exists.", { email: "Already in use." });
  await requireSite(tx, input.siteId);
  const user = await tx.user.create({
    data: {
      name: input.name,
      email: input.email,
      role: input.role,
      siteId: input.siteId,
      passwordHash: prepared.passwordHash,
      mustChangePassword: true,
    },
    select: { id: true, email: true, role: true },
  });
  await audit(tx, actor, { action: "user.create", entity: "User", entityId: user.id, summary: { role: input.role, siteId: input.siteId } });
  return user;
}

export async function changeRole(tx: Tx, actor: Actor, input: ChangeRoleInput) {
  const before = await requireUser(tx, input.userId);
  if (before.id === actor.userId && input.role !== "ADMIN") {
    throw new RuleError("user.selfDemotion", "You cannot remove your own administrator role; ask another administrator.");
  }
  await requireSite(tx, input.siteId);
  // Clinical lead is a prescriber's designation, for their site: it ends with either.
  const clinicalLead = before.clinicalLead && input.role === "PRESCRIBER" && input.siteId === before.siteId;
  // The account's sessions end: its next sign-in carries the new role and site.
  await tx.user.update({ where: { id: input.userId }, data: { role: input.role, siteId: input.siteId, clinicalLead, sessionVersion: { increment: 1 } } });
  await audit(tx, actor, {
    action: "user.changeRole",
    entity: "User",
    entityId: input.userId,
    summary: {
      before: { role: before.role, siteId: before.siteId, clinicalLead: before.clinicalLead },
      after: { role: input.role, siteId: input.siteId, clinicalLead },
    },
  });
  return { id: input.userId };
}

/**
 * Names a prescriber clinical lead, or stops: a clinical lead changes the clinic's clinical
 * settings (dose limits, observation, spacing…), which an administrator alone may not.
 */
export async function setClinicalLead(tx: Tx, actor: Actor, input: SetClinicalLeadInput) {
  const user = await requireUser(tx, input.userId);
  if (input.clinicalLead && user.role !== "PRESCRIBER") {
    throw new RuleError("user.clinicalLeadNotPrescriber", "Only a prescriber can be a clinical lead.", { clinicalLead: "Only a prescriber can be a clinical lead." });
  }
  if (user.clinicalLead === input.clinicalLead) {
    throw new RuleError("user.clinicalLeadUnchanged", input.clinicalLead ? "This prescriber is already a clinical lead." : "This account is not a clinical lead.");
  }
  await tx.user.update({ where: { id: user.id }, data: { clinicalLead: input.clinicalLead } });
  await audit(tx, actor, { action: "user.setClinicalLead", entity: "User", entityId: user.id, summary: { before: user.clinicalLead, after: input.clinicalLead } });
  return { id: user.id };
}

export async function disableUser(tx: Tx, actor: Actor, input: UserIdInput) {
  const user = await requireUser(tx, input.userId);
  if (user.id === actor.userId) throw new RuleError("user.selfDisable", "You cannot disable your own account.");
  if (user.disabledAt) throw new RuleError("user.alreadyDisabled", "This account is already disabled.");
  await tx.user.update({ where: { id: user.id }, data: { disabledAt: new Date(), sessionVersion: { increment: 1 } } });
  await audit(tx, actor, { action: "user.disable", entity: "User", entityId: user.id });
  return { id: user.id };
}

export async function enableUser(tx: Tx, actor: Actor, input: UserIdInput) {
  const user = await requireUser(tx, input.userId);
  if (!user.disabledAt) throw new RuleError("user.notDisabled", "This account is not disabled.");
  await tx.user.update({ where: { id: user.id }, data: { disabledAt: null } });
  await audit(tx, actor, { action: "user.enable", entity: "User", entityId: user.id });
  return { id: user.id };
}

/** Sets a temporary password the user must replace at their next sign-in. */
export async function resetPassword(tx: Tx, actor: Actor, input: ResetPasswordInput, prepared: PreparedPassword) {
  const user = await requireUser(tx, input.userId);
  await tx.user.update({
    where: { id: user.id },
    data: { passwordHash: prepared.passwordHash, mustChangePassword: true, sessionVersion: { increment: 1 } },
  });
  await audit(tx, actor, { action: "user.resetPassword", entity: "User", entityId: user.id });
  return { id: user.id };
}

/** A new own password, prepared before the transaction: the current one checked, the new one hashed. */
export type PreparedPasswordChange = { passwordHash: string; previousHash: string };

export async function prepareOwnPasswordChange(db: Db, actor: Actor, input: ChangeOwnPasswordInput): Promise<PreparedPasswordChange> {
  const user = await requireUser(db, actor.userId);
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new RuleError("user.wrongPassword", "Your current password is not right.", { currentPassword: "Not right." });
  }
  return { passwordHash: await hashPassword(input.newPassword), previousHash: user.passwordHash };
}

export async function changeOwnPassword(tx: Tx, actor: Actor, prepared: PreparedPasswordChange) {
  const user = await requireUser(tx, actor.userId);
  // The password checked before the transaction must still be the account's.
  if (user.passwordHash !== prepared.previousHash) {
    throw new RuleError("user.wrongPassword", "Your password changed meanwhile: enter your current password again.", { currentPassword: "Enter it again." });
  }
  await tx.user.update({
    where: { id: user.id },
    // Every session of the account ends, this one too (whoever else held one had the old password).
    data: { passwordHash: prepared.passwordHash, mustChangePassword: false, sessionVersion: { increment: 1 } },
  });
  await audit(tx, actor, { action: "user.changeOwnPassword", entity: "User", entityId: user.id });
  return { id: user.id };
}

/**
 * Clears a member of staff's witness PIN: they cannot witness until they set a new one
 * themselves. An administrator never chooses or learns anyone's PIN.
 */
export async function resetWitnessPin(tx: Tx, actor: Actor, input: UserIdInput) {
  const user = await requireUser(tx, input.userId);
  await tx.user.update({ where: { id: user.id }, data: { witnessPinHash: null } });
  await audit(tx, actor, { action: "user.resetWitnessPin", entity: "User", entityId: user.id, summary: { hadPin: user.witnessPinHash !== null } });
  return { id: user.id };
}

/** A new own PIN, prepared before the transaction: the password is checked and the PIN hashed there. */
export type PreparedWitnessPin = { pinHash: string; passwordHash: string };

export async function prepareOwnWitnessPin(db: Db, actor: Actor, input: SetOwnWitnessPinInput): Promise<PreparedWitnessPin> {
  const user = await requireUser(db, actor.userId);
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new RuleError("user.wrongPassword", "Your password is not right.", { currentPassword: "Not right." });
  }
  return { pinHash: await hashWitnessPin(input.newPin), passwordHash: user.passwordHash };
}

export async function setOwnWitnessPin(tx: Tx, actor: Actor, prepared: PreparedWitnessPin) {
  const user = await requireUser(tx, actor.userId);
  // The password checked before the transaction must still be the account's.
  if (user.passwordHash !== prepared.passwordHash) {
    throw new RuleError("user.wrongPassword", "Your password changed meanwhile: enter it again.", { currentPassword: "Enter it again." });
  }
  await tx.user.update({ where: { id: user.id }, data: { witnessPinHash: prepared.pinHash } });
  await audit(tx, actor, { action: "user.setWitnessPin", entity: "User", entityId: user.id, summary: { first: user.witnessPinHash === null } });
  return { id: user.id };
}

async function requireUser(tx: Tx, id: string) {
  const user = await tx.user.findUnique({ where: { id } });
  if (!user) throw new RuleError("user.notFound", "No such account.");
  return user;
}

async function requireSite(tx: Tx, id: string) {
  const site = await tx.site.findUnique({ where: { id }, select: { id: true } });
  if (!site) throw new RuleError("site.notFound", "No such site.", { siteId: "Choose a site." });
}

/** The user list for administrators (no password material: whether a PIN is set, never its hash). */
export async function listUsers(tx: Tx) {
  const users = await tx.user.findMany({
    orderBy: [{ disabledAt: { sort: "asc", nulls: "first" } }, { name: "asc" }],
    select: { id: true, name: true, email: true, role: true, siteId: true, clinicalLead: true, disabledAt: true, mustChangePassword: true, totpEnabledAt: true, witnessPinHash: true, site: { select: { name: true } } },
  });
  return users.map(({ witnessPinHash, ...user }) => ({ ...user, hasWitnessPin: witnessPinHash !== null }));
}

/** Whether the signed-in member of staff has set a witness PIN. */
export async function hasOwnWitnessPin(tx: Tx, actor: Actor): Promise<boolean> {
  const user = await tx.user.findUnique({ where: { id: actor.userId }, select: { witnessPinHash: true } });
  return Boolean(user?.witnessPinHash);
}
