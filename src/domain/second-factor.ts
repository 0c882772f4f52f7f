/**
 * Two-step sign-in for the accounts that can do most harm with a stolen password:
 * administrators (users, roles, settings, the audit trail) and prescribers (diamorphine
 * doses). A code from an authenticator app (TOTP, RFC 6238: 6 digits, 30-second steps), or
 * one of ten single-use recovery codes for a lost phone. Required when the deployment says
 * so (REQUIRE_SECOND_FACTOR, on unless it is the demo).
 */
export type StaffRole = "NURSE" | "PRESCRIBER" | "PHARMACIST" | "BOARD" | "ADMIN";

export const SECOND_FACTOR_ROLES: readonly StaffRole[] = ["ADMIN", "PRESCRIBER"];

export function secondFactorRequired(role: StaffRole, requiredByDeployment: boolean): boolean {
  return requiredByDeployment && SECOND_FACTOR_ROLES.includes(role);
}

/**
 * What someone signed in must do before anything else: choose a new password after a
 * reset, then (for the roles that need one) set up the authenticator app. Null when nothing.
 */
export type PendingStep = "password" | "secondFactor";

export function pendingStep(
  account: { role: StaffRole; mustChangePassword: boolean; secondFactorEnrolled: boolean },
  requiredByDeployment: boolean,
): PendingStep | null {
  if (account.mustChangePassword) return "password";
  if (!account.secondFactorEnrolled && secondFactorRequired(account.role, requiredByDeployment)) return "secondFactor";
  return null;
}

export const RECOVERY_CODE_COUNT = 10;
/** Letters and digits that cannot be mistaken for one another when read off paper. */
export const RECOVERY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/** 12 characters of 31: about 59 bits, far beyond guessing within the sign-in lockout. */
export const RECOVERY_CODE_LENGTH = 12;

export type SecondFactorCode = { kind: "app"; code: string } | { kind: "recovery"; code: string };

/**
 * What was typed in the code box: 6 digits from the app (spaces allowed, as apps show
 * them), or a recovery code (any case, dashes and spaces ignored). Anything else is null.
 */
export function readSecondFactorCode(typed: string): SecondFactorCode | null {
  const compact = typed.replace(/[\s-]/g, "").toUpperCase();
  if (/^\d{6}$/.test(compact)) return { kind: "app", code: compact };
  if (compact.length === RECOVERY_CODE_LENGTH && [...compact].every((c) => RECOVERY_CODE_ALPHABET.includes(c))) return { kind: "recovery", code: compact };
  return null;
}

/** A recovery code as printed for the person: three groups of four. */
export function formatRecoveryCode(code: string): string {
  return code.match(/.{1,4}/g)!.join("-");
}
