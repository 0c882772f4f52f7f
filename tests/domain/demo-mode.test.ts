import { describe, expect, it } from "vitest";
import { accountMaySignIn, demoModeFrom, demoSeedPlan } from "@/domain/demo-mode";

describe("demo mode", () => {
  it("is on only when HAT_DEMO is exactly 1", () => {
    expect(demoModeFrom({ HAT_DEMO: "1" })).toBe(true);
    for (const value of [undefined, "", "0", "true", "yes", " 1", "1 "]) expect(demoModeFrom({ HAT_DEMO: value }), String(value)).toBe(false);
    expect(demoModeFrom({})).toBe(false);
  });

  it("lets a demo account sign in only in demo mode, and any other account always", () => {
    expect(accountMaySignIn({ demo: true }, true)).toBe(true);
    expect(accountMaySignIn({ demo: true }, false)).toBe(false);
    expect(accountMaySignIn({ demo: false }, false)).toBe(true);
    expect(accountMaySignIn({ demo: false }, true)).toBe(true);
  });
});

describe("seeding the demo", () => {
  const empty = { accountsNotDemo: 0, sitesNotDemo: 0, demoSitePresent: false };

  it("refuses unless demo mode is asked for, pointing a clinic to bootstrap", () => {
    const plan = demoSeedPlan(false, empty);
    expect(plan).toMatchObject({ action: "refuse", reason: expect.stringContaining("npm run bootstrap") });
  });

  it("seeds an empty database and leaves the demo alone when it is there", () => {
    expect(demoSeedPlan(true, empty)).toEqual({ action: "seed" });
    expect(demoSeedPlan(true, { ...empty, demoSitePresent: true })).toEqual({ action: "alreadyPresent" });
  });

  it("refuses any database holding one account or one site that is not the demo's", () => {
    for (const state of [
      { ...empty, accountsNotDemo: 1 },
      { ...empty, sitesNotDemo: 1 },
      { accountsNotDemo: 1, sitesNotDemo: 0, demoSitePresent: true },
    ]) {
      expect(demoSeedPlan(true, state), JSON.stringify(state)).toMatchObject({ action: "refuse", reason: expect.stringContaining("never seeded") });
    }
  });
});
