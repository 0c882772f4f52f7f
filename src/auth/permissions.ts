import type { Role } from "@/generated/prisma/enums";

/**
 * One role → permission matrix (DOMAIN.md "Roles"). Code asks `can(role, permission)`;
 * role names are not scattered through pages and actions.
 */
export const PERMISSIONS = [
  "participant.read", // clinical screens: names, profiles, timelines
  "participant.manage", // referral, assessment, enrolment, breaks, exits, the photo for the identity check
  "participant.photo", // see a participant's photo (the identity check): clinical roles only, never the board or an administrator
  "prescription.write", // prescriptions, holds, reviews, late-dose authorisation
  "dose.record", // supervised dose sessions
  "evidence.record", // urine screens, TOP, offences entered by hand
  "register.read",
  "register.write", // controlled-drug receipts, destruction, stock checks
  "board.view", // de-identified outcomes
  "audit.read",
  "user.manage",
  "setting.manage", // operational site settings (places, windows, board threshold), funding, cost assumptions
  "setting.clinical", // clinical site settings (dose limits, observation…): the service also asks that the prescriber be a clinical lead
  "import.run", // police and lab CSV imports
  "account.self", // change one's own password
] as const;

export type Permission = (typeof PERMISSIONS)[number];

const NURSE: Permission[] = ["participant.read", "participant.photo", "dose.record", "evidence.record", "account.self"];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  NURSE,
  PRESCRIBER: [...NURSE, "participant.manage", "prescription.write", "setting.clinical"],
  PHARMACIST: ["participant.photo", "register.read", "register.write", "account.self"],
  BOARD: ["board.view", "account.self"],
  ADMIN: ["user.manage", "setting.manage", "audit.read", "import.run", "account.self"],
};

export const ROLES: readonly Role[] = ["NURSE", "PRESCRIBER", "PHARMACIST", "BOARD", "ADMIN"];

/** One permission, or a list of which any one will do. */
export type Requirement = Permission | readonly Permission[];

export function can(role: Role, required: Requirement): boolean {
  const permissions: readonly Permission[] = typeof required === "string" ? [required] : required;
  return permissions.some((permission) => ROLE_PERMISSIONS[role].includes(permission));
}

/**
 * The settings screen is shared: administrators change the operational settings, clinical
 * leads the clinical ones (`CLINICAL_SETTING_KEYS`); which key needs which is the service's
 * decision, as it depends on the setting and on the clinical-lead flag.
 */
export const SETTINGS_ACCESS = ["setting.manage", "setting.clinical"] as const satisfies readonly Permission[];

/** Where each role lands after signing in. */
export const ROLE_HOME: Record<Role, string> = {
  NURSE: "/today",
  PRESCRIBER: "/prescribing",
  PHARMACIST: "/register",
  BOARD: "/board",
  ADMIN: "/admin",
};

export const ROLE_LABEL: Record<Role, string> = {
  NURSE: "Nurse",
  PRESCRIBER: "Prescriber",
  PHARMACIST: "Pharmacist / CD lead",
  BOARD: "HAT board",
  ADMIN: "Administrator",
};
