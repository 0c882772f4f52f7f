import "server-only";
import { createHash, randomInt } from "node:crypto";
import { generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";
import type { Actor } from "@/auth/actor";
import type { Tx } from "@/db/client";
import { RECOVERY_CODE_ALPHABET, RECOVERY_CODE_COUNT, RECOVERY_CODE_LENGTH, formatRecoveryCode, readSecondFactorCode } from "@/domain/second-factor";
import { audit } from "./audit";
import { RuleError } from "./errors";
import type { ConfirmSecondFactorInput, ResetSecondFactorInput } from "./second-factor.input";

const ISSUER = "HAT Clinic";
/** One 30-second step either side, for a phone's clock a little off. */
const TOLERANCE_SECONDS = 30;

export type Enrolment = { secret: string; qrCode: string };

/** A new secret to set up, and its QR code (a data: URL) for the authenticator app. Nothing is stored until confirmed. */
export async function newEnrolment(email: string): Promise<Enrolment> {
  const secret = generateSecret();
  const uri = generateURI({ issuer: ISSUER, label: email, secret });
  return { secret, qrCode: await QRCode.toDataURL(uri, { margin: 1, width: 240 }) };
}

/** The 30-second step of `code` if it is the app's code now (± one step) and later than `afterStep`; else null. */
async function appCodeStep(secret: string, code: string, afterStep: number | null, now: Date): Promise<number | null> {
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: TOLERANCE_SECONDS,
    ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
  });
  return result.valid && "timeStep" in result ? result.timeStep : null;
}

function recoveryCodeHash(code: string): string {
  // Recovery codes are random and long, so a fast hash is enough: nobody can guess back from it.
  return createHash("sha256").update(code).digest("hex");
}

function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () =>
    Array.from({ length: RECOVERY_CODE_LENGTH }, () => RECOVERY_CODE_ALPHABET[randomInt(RECOVERY_CODE_ALPHABET.length)]).join(""),
  );
}

/**
 * The second step of signing in: a code from the app, accepted once (the step is stored, so
 * the same code, or an earlier one, is refused however fast it is replayed), or a recovery
 * code, each usable once. The updates are conditional, so two requests with one code cannot
 * both pass.
 */
export async function checkSecondFactor(
  tx: Tx,
  account: { id: string; totpSecret: string | null; totpLastTimeStep: number | null },
  typed: string,
  now: Date,
): Promise<"app" | "recovery" | null> {
  const code = readSecondFactorCode(typed);
  if (!code || !account.totpSecret) return null;
  if (code.kind === "app") {
    const step = await appCodeStep(account.totpSecret, code.code, account.totpLastTimeStep, now);
    if (step === null) return null;
    const claimed = await tx.user.updateMany({
      where: { id: account.id, OR: [{ totpLastTimeStep: null }, { totpLastTimeStep: { lt: step } }] },
      data: { totpLastTimeStep: step },
    });
    return claimed.count === 1 ? "app" : null;
  }
  const used = await tx.recoveryCode.updateMany({
    where: { userId: account.id, codeHash: recoveryCodeHash(code.code), usedAt: null },
    data: { usedAt: now },
  });
  return used.count === 1 ? "recovery" : null;
}

/**
 * Finishes setting up the app: the code typed proves the app holds the secret. Returns the
 * recovery codes, shown once; only their hashes are kept.
 */
export async function confirmSecondFactor(tx: Tx, actor: Actor, input: ConfirmSecondFactorInput, now: Date = new Date()) {
  const user = await tx.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { id: true, totpEnabledAt: true } });
  if (user.totpEnabledAt) throw new RuleError("secondFactor.alreadySetUp", "Two-step sign-in is already set up for your account.");
  const step = await appCodeStep(input.secret, input.code, null, now);
  if (step === null) {
    throw new RuleError("secondFactor.wrongCode", "That code does not match. Type the 6 digits the app shows now.", { code: "Not the app's current code." });
  }
  const recoveryCodes = newRecoveryCodes();
  await tx.user.update({ where: { id: user.id }, data: { totpSecret: input.secret, totpEnabledAt: now, totpLastTimeStep: step } });
  await tx.recoveryCode.createMany({ data: recoveryCodes.map((code) => ({ userId: user.id, codeHash: recoveryCodeHash(code) })) });
  await audit(tx, actor, { action: "user.secondFactorSetUp", entity: "User", entityId: user.id });
  return { recoveryCodes: recoveryCodes.map(formatRecoveryCode) };
}

/**
 * An administrator clears someone's app and recovery codes (a lost phone, codes used up):
 * their sessions end, and they set it up again at their next sign-in.
 */
export async function resetSecondFactor(tx: Tx, actor: Actor, input: ResetSecondFactorInput) {
  const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, totpEnabledAt: true } });
  if (!user) throw new RuleError("user.notFound", "No such account.");
  if (!user.totpEnabledAt) throw new RuleError("secondFactor.notSetUp", "This account has no two-step sign-in to reset.");
  await tx.user.update({
    where: { id: user.id },
    data: { totpSecret: null, totpEnabledAt: null, totpLastTimeStep: null, sessionVersion: { increment: 1 } },
  });
  await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
  await audit(tx, actor, { action: "user.secondFactorReset", entity: "User", entityId: user.id });
  return { id: user.id };
}

/** For My account: whether the app is set up, and how many recovery codes are left. */
export async function secondFactorStatus(tx: Tx, userId: string) {
  const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, totpEnabledAt: true } });
  const recoveryCodesLeft = await tx.recoveryCode.count({ where: { userId, usedAt: null } });
  return { email: user.email, enabledAt: user.totpEnabledAt, recoveryCodesLeft };
}
