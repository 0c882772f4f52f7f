import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Role } from "@/generated/prisma/enums";
import type { Actor } from "@/auth/actor";
import { ROLES } from "@/auth/permissions";
import { routeAccess } from "@/auth/routes";
import type { Access } from "@/server/access-audit";

/**
 * Every server action and every route × every role. Adding an action or a page without
 * listing it here fails this test: access is a decision, not an accident.
 */
const ALL: Role[] = [...ROLES];
const CLINICAL: Role[] = ["NURSE", "PRESCRIBER"];

const ACTIONS: Record<string, Role[]> = {
  createUserAction: ["ADMIN"],
  changeRoleAction: ["ADMIN"],
  setClinicalLeadAction: ["ADMIN"],
  disableUserAction: ["ADMIN"],
  enableUserAction: ["ADMIN"],
  resetPasswordAction: ["ADMIN"],
  resetSecondFactorAction: ["ADMIN"],
  recordLicenceAction: ["ADMIN"],
  revokeLicenceAction: ["ADMIN"],
  changeOwnPasswordAction: ALL,
  confirmSecondFactorAction: ALL,
  resetWitnessPinAction: ["ADMIN"],
  setOwnWitnessPinAction: ALL,
  referParticipantAction: ["PRESCRIBER"],
  reReferParticipantAction: ["PRESCRIBER"],
  assessParticipantAction: ["PRESCRIBER"],
  enrolParticipantAction: ["PRESCRIBER"],
  replacePhotoAction: ["PRESCRIBER"],
  startBreakAction: ["PRESCRIBER"],
  endBreakAction: ["PRESCRIBER"],
  exitParticipantAction: ["PRESCRIBER"],
  prescribeAction: ["PRESCRIBER"],
  placeHoldAction: ["PRESCRIBER"],
  clearHoldAction: ["PRESCRIBER"],
  // Operational settings by an administrator, clinical ones by a clinical lead (a prescriber so named): the service decides per setting.
  updateSettingAction: ["PRESCRIBER", "ADMIN"],
  receiveStockAction: ["PHARMACIST"],
  removeStockAction: ["PHARMACIST"],
  annotateEntryAction: ["PHARMACIST"],
  stockCheckAction: ["PHARMACIST"],
  destroyDoseLeftoverAction: ["PHARMACIST"],
  checkInAction: CLINICAL,
  recordPreDoseAssessmentAction: CLINICAL,
  drawDoseAction: CLINICAL,
  administerDoseAction: CLINICAL,
  signOffAction: CLINICAL,
  withholdDoseAction: CLINICAL,
  declineDoseAction: CLINICAL,
  recordAdverseEventAction: CLINICAL,
  recordParticipantAdverseEventAction: CLINICAL,
  closeSessionAction: CLINICAL,
  authoriseLateDoseAction: ["PRESCRIBER"],
  // Nurses (and prescribers) enter doses from paper; a prescriber or the CD lead decides (never their own entries: the service).
  enterBackEntryAction: CLINICAL,
  approveBackEntriesAction: ["PRESCRIBER", "PHARMACIST"],
  rejectBackEntryAction: ["PRESCRIBER", "PHARMACIST"],
  confirmOutageAction: ["PRESCRIBER", "PHARMACIST"],
  recordUrineScreenAction: CLINICAL,
  recordTopAssessmentAction: CLINICAL,
  recordOffenceAction: CLINICAL,
  importCsvAction: ["ADMIN"],
  saveFundingLineAction: ["ADMIN"],
  saveCostAssumptionsAction: ["ADMIN"],
};

/** URL (dynamic segments as "x") → roles allowed, or "public". */
const ROUTES: Record<string, Role[] | "public"> = {
  "/": "public",
  "/login": "public",
  "/403": "public",
  "/api/health": "public",
  "/api/auth/x": "public",
  "/today": CLINICAL,
  "/today/downtime": CLINICAL,
  "/api/today/version": CLINICAL,
  "/participants": CLINICAL,
  "/participants/new": ["PRESCRIBER"],
  "/participants/x": CLINICAL,
  "/participants/x/evidence": CLINICAL,
  "/participants/top-due": CLINICAL,
  "/api/ndtms/top": CLINICAL,
  // The identity check: clinical roles, the pharmacist too; never the board or an administrator.
  "/api/participants/x/photo": ["NURSE", "PRESCRIBER", "PHARMACIST"],
  "/prescribing": ["PRESCRIBER"],
  "/prescribing/x": ["PRESCRIBER"],
  "/back-entry": ["NURSE", "PRESCRIBER", "PHARMACIST"],
  "/register": ["PHARMACIST"],
  "/register/x": ["PHARMACIST"],
  "/register/print": ["PHARMACIST"],
  "/api/register/x": ["PHARMACIST"],
  "/board": ["BOARD"],
  "/board/report": ["BOARD"],
  "/api/board/figures.csv": ["BOARD"],
  "/admin": ["ADMIN"],
  "/admin/audit": ["ADMIN"],
  "/admin/settings": ["PRESCRIBER", "ADMIN"],
  "/admin/imports": ["ADMIN"],
  "/admin/funding": ["ADMIN"],
  "/admin/licences": ["ADMIN"],
  "/api/admin/audit": ["ADMIN"],
  "/account": ALL,
  "/account/witness-pin": ALL,
};

let actor: Actor | null = null;
vi.mock("@/auth/session", () => ({ currentActor: async () => actor }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
// Refusals are recorded (tests/server/access-audit.test.ts writes them to a database); here, counted.
const recorded: Access[] = [];
vi.mock("@/server/access-audit", () => ({ recordAccess: async (_actor: Actor, access: Access) => void recorded.push(access) }));

type Action = (previous: null, form: FormData) => Promise<{ ok: boolean; code?: string }>;
const actionModules = import.meta.glob<Record<string, Action>>("/app/**/actions.ts");
const routeFiles = Object.keys(import.meta.glob(["/app/**/page.tsx", "/app/**/route.ts"]));

function urlOf(file: string): string {
  const segments = file
    .replace(/^\/app/, "")
    .replace(/\/(page\.tsx|route\.ts)$/, "")
    .split("/")
    .filter((s) => s && !/^\(.*\)$/.test(s))
    .map((s) => (s.startsWith("[") ? "x" : s));
  return `/${segments.join("/")}`;
}

async function allActions(): Promise<[string, Action][]> {
  const found: [string, Action][] = [];
  for (const load of Object.values(actionModules)) {
    for (const [name, fn] of Object.entries(await load())) found.push([name, fn]);
  }
  return found;
}

describe("authorisation matrix", () => {
  beforeEach(() => {
    actor = null;
  });

  it("lists every server action, and every listed action exists", async () => {
    const names = (await allActions()).map(([name]) => name).sort();
    expect(names).toEqual(Object.keys(ACTIONS).sort());
  });

  it("lets each role run exactly the actions listed for it, and nobody signed out", async () => {
    for (const [name, action] of await allActions()) {
      actor = null;
      expect((await action(null, new FormData())).code, `${name} signed out`).toBe("unauthenticated");
      for (const role of ROLES) {
        actor = { userId: "u", name: "Test", role, siteId: "s" };
        recorded.length = 0;
        const result = await action(null, new FormData());
        const allowed = ACTIONS[name]!.includes(role);
        // An allowed role gets past authorisation to input validation (the form is empty).
        expect(result.code, `${name} as ${role}`).toBe(allowed ? "invalid" : "forbidden");
        // Each refusal is recorded once, naming the action; nothing is recorded for the allowed.
        expect(recorded.map((r) => r.kind), `${name} as ${role} recorded`).toEqual(allowed ? [] : ["refused"]);
      }
    }
  });

  it("lists every page and route handler, and every listed route exists", () => {
    expect(routeFiles.map(urlOf).sort()).toEqual(Object.keys(ROUTES).sort());
  });

  it("opens each route to exactly the roles listed, and sends the signed-out to sign in", () => {
    for (const [url, allowed] of Object.entries(ROUTES)) {
      if (allowed === "public") {
        expect(routeAccess(url, null), url).toBe("public");
        continue;
      }
      expect(routeAccess(url, null), `${url} signed out`).toBe("sign-in");
      for (const role of ROLES) {
        expect(routeAccess(url, role), `${url} as ${role}`).toBe(allowed.includes(role) ? "allow" : "forbidden");
      }
    }
  });

  it("closes any path no policy names", () => {
    expect(routeAccess("/something-new", "ADMIN")).toBe("forbidden");
  });
});
