/**
 * The demo (issue 16, finding 1): six accounts with passwords printed in the README and an
 * invented cohort. It must never reach a clinic's database, and its accounts must never
 * open a real one. Demo mode is asked for explicitly (HAT_DEMO=1) and is off otherwise.
 */

/** Demo mode is on only when HAT_DEMO is exactly "1"; anything else, or nothing, is off. */
export function demoModeFrom(env: Readonly<Record<string, string | undefined>>): boolean {
  return env.HAT_DEMO === "1";
}

/** A demo account signs in only in demo mode; every other account whatever the mode. */
export function accountMaySignIn(account: { demo: boolean }, demoMode: boolean): boolean {
  return !account.demo || demoMode;
}

/** What the database holds, as far as seeding the demo is concerned. */
export type DemoSeedState = {
  /** Accounts not marked demo: someone's real staff. */
  accountsNotDemo: number;
  /** Sites other than the demo's: a real clinic, whose participants are real people. */
  sitesNotDemo: number;
  demoSitePresent: boolean;
};

export type DemoSeedPlan = { action: "seed" } | { action: "alreadyPresent" } | { action: "refuse"; reason: string };

/** Whether `npm run db:seed` writes the demo, finds it there already, or refuses (and why). */
export function demoSeedPlan(demoMode: boolean, state: DemoSeedState): DemoSeedPlan {
  if (!demoMode) {
    return {
      action: "refuse",
      reason:
        "The demo is seeded only when asked for: `npm run db:seed -- --demo` (or HAT_DEMO=1). " +
        "For a clinic, create the first administrator with `npm run bootstrap` instead.",
    };
  }
  if (state.accountsNotDemo > 0 || state.sitesNotDemo > 0) {
    return {
      action: "refuse",
      reason:
        "This database holds a clinic's own data (staff accounts or sites that are not the demo's): " +
        "the demo is never seeded into it. Use an empty database for the demo.",
    };
  }
  return state.demoSitePresent ? { action: "alreadyPresent" } : { action: "seed" };
}
