// npm run db:seed -- --demo [--outage] — loads the demo site, staff and cohort into the database
// DATABASE_URL names, once: a second run finds the site and leaves the data alone. Refused
// unless demo mode is asked for (--demo or HAT_DEMO=1) and in any database holding a
// clinic's own staff or sites. A clinic starts with `npm run bootstrap` instead. --outage: yesterday's
// two sessions ran on paper during an outage and wait for back-entry (OUTAGE_DEMO in src/db/seed.ts).
import { closeDatabase, openDatabase, type Database } from "@/db/client";
import { DEMO_SITE_CODE, DEMO_USERS, demoSeedState, seedDemo } from "@/db/seed";
import { demoModeFrom, demoSeedPlan } from "@/domain/demo-mode";
import { Prisma } from "@/generated/prisma/client";

function explain(error: unknown): string {
  // P2021: a table is missing, so the migrations have not been applied.
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2021") {
    return "the database has no tables yet. Run `npm run db:migrate` first.";
  }
  return error instanceof Error ? error.message : String(error);
}

const demoMode = process.argv.includes("--demo") || demoModeFrom(process.env);
let database: Database | undefined;
try {
  database = openDatabase();
  const plan = demoSeedPlan(demoMode, await demoSeedState(database.prisma));
  if (plan.action === "refuse") {
    console.error(`Not seeded: ${plan.reason}`);
    process.exitCode = 1;
  } else {
    if (plan.action === "alreadyPresent") {
      console.log(`Demo data already present (site ${DEMO_SITE_CODE}); nothing seeded.`);
    } else {
      const started = performance.now();
      const summary = await seedDemo(database.prisma, { outage: process.argv.includes("--outage") });
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`Seeded site ${DEMO_SITE_CODE} in ${seconds} s:`);
      console.table(summary);
    }
    console.log("Demo logins (they sign in only while the app runs with HAT_DEMO=1, as `npm run demo` starts it):");
    console.table(DEMO_USERS.map((user) => ({ role: "clinicalLead" in user && user.clinicalLead ? `${user.role} (clinical lead)` : user.role, email: user.email, password: user.password, "witness PIN": user.witnessPin ?? "" })));
  }
} catch (error) {
  console.error(`Seeding failed: ${explain(error)}`);
  process.exitCode = 1;
} finally {
  if (database) await closeDatabase(database);
}
