import fs from "node:fs";
import path from "node:path";
import { expect, test, type Browser, type BrowserContextOptions, type Locator, type Page } from "@playwright/test";
import { alertIn, expectNoSeriousViolations, waitForHydration } from "./a11y";
import { DEMO, signIn } from "./support";

/**
 * axe-core on every page of the app, as the role that works on it, and on the states that
 * matter (validation errors, opened disclosures, the 403 and 404 pages). A page added under
 * app/ without a check here fails the first test, so nothing ships unchecked.
 *
 * The bar is WCAG 2.1 A and AA: no violation axe rates serious or critical (./a11y.ts).
 * Checks that change data touch only what the dose journeys leave alone: the last person
 * waiting today, someone on a break, a new referral.
 */
type Who = keyof typeof DEMO | "signed out";
type Check = {
  /** The route as app/ spells it ("/participants/[id]"), or a special file ("/#not-found"). */
  route: string;
  who: Who;
  state: string;
  open: (page: Page) => Promise<void>;
};

const signedInState = new Map<Who, BrowserContextOptions["storageState"]>();

/** A page signed in as `who`; each role signs in once per worker (bcrypt is slow on purpose). */
async function pageAs(browser: Browser, who: Who): Promise<Page> {
  if (who === "signed out") return (await browser.newContext()).newPage();
  if (!signedInState.has(who)) {
    const context = await browser.newContext();
    await signIn(await context.newPage(), DEMO[who]);
    signedInState.set(who, await context.storageState());
    await context.close();
  }
  return (await browser.newContext({ storageState: signedInState.get(who) })).newPage();
}

async function visit(page: Page, url: string, heading: string | RegExp) {
  await page.goto(url);
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  await waitForHydration(page);
}

/** The first of these links, followed to its page. */
async function follow(page: Page, link: Locator, heading: string | RegExp) {
  const href = await link.first().getAttribute("href");
  expect(href, "a link to follow in the demo data").toBeTruthy();
  await visit(page, href!, heading);
}

const participantLink = (page: Page) => page.getByRole("main").getByRole("listitem").getByRole("link").filter({ hasText: /HAT-\d{4}/ });

async function openParticipant(page: Page, status: string) {
  await visit(page, `/participants?status=${status}`, "Participants");
  await follow(page, participantLink(page), /.+/);
}

async function openDisclosures(scope: Locator) {
  for (const summary of await scope.locator("summary").all()) {
    if (!(await summary.evaluate((el) => (el.parentElement as HTMLDetailsElement).open))) await summary.click();
  }
}

const CHECKS: Check[] = [
  // Signed out.
  { route: "/", who: "signed out", state: "welcome", open: (page) => visit(page, "/", "HAT Clinic") },
  { route: "/login", who: "signed out", state: "empty form", open: (page) => visit(page, "/login", "HAT Clinic") },
  {
    route: "/login",
    who: "signed out",
    state: "signed out after being idle",
    open: async (page) => {
      await visit(page, "/login?ended=idle", "HAT Clinic");
      await expect(page.getByRole("status")).toBeVisible();
    },
  },
  {
    route: "/login",
    who: "signed out",
    state: "a failed sign-in",
    open: async (page) => {
      await visit(page, "/login", "HAT Clinic");
      // Not a demo account, so the sign-in throttle of the other specs' users is untouched.
      await page.getByLabel("Email").fill("nobody@hat.example");
      await page.getByLabel("Password").fill("not-the-password");
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(alertIn(page)).toBeFocused({ timeout: 30_000 });
    },
  },
  { route: "/403", who: "signed out", state: "opened directly", open: (page) => visit(page, "/403", "403: not allowed") },
  { route: "/#forbidden", who: "nurse", state: "a nurse opening an admin page", open: (page) => visit(page, "/admin", "403: not allowed") },
  { route: "/#not-found", who: "nurse", state: "a participant that does not exist", open: (page) => visit(page, "/participants/no-such-participant", /./) },

  // Nurse.
  { route: "/today", who: "nurse", state: "the session board", open: (page) => visit(page, "/today", /session · /) },
  {
    route: "/today",
    who: "nurse",
    state: "assessment refused with field errors, other steps opened",
    open: async (page) => {
      await visit(page, "/today", /session · /);
      // The last person waiting: the dose journeys take the first ones.
      const name = await page
        .getByRole("article")
        .filter({ has: page.getByText("Waiting", { exact: true }) })
        .filter({ hasNotText: /Hard hold|Soft hold|Induction/ })
        .last()
        .getByRole("heading", { level: 2 })
        .textContent();
      const card = page.getByRole("article", { name: name! });
      await card.getByRole("button", { name: "Check in" }).click();
      await expect(card.getByText("Checked in", { exact: true })).toBeVisible();
      await card.getByRole("button", { name: "Record assessment" }).click();
      await expect(alertIn(card)).toBeVisible();
      await openDisclosures(card);
    },
  },
  {
    route: "/today",
    who: "nurse",
    state: "a closed session",
    open: async (page) => {
      await visit(page, "/today", /session · /);
      await page.getByRole("link", { name: /^Previous session: / }).click();
      await expect(page.getByRole("link", { name: "Back to the session being worked" })).toBeVisible();
    },
  },
  {
    route: "/today/downtime",
    who: "nurse",
    state: "the next session's downtime sheet",
    open: async (page) => {
      await visit(page, "/today", /session · /);
      await follow(page, page.getByRole("link", { name: /^next session/ }), /^Downtime sheet: /);
    },
  },
  { route: "/participants", who: "nurse", state: "everyone", open: (page) => visit(page, "/participants", "Participants") },
  { route: "/participants/top-due", who: "nurse", state: "the list", open: (page) => visit(page, "/participants/top-due", "TOP due") },
  { route: "/participants/[id]", who: "nurse", state: "an active participant", open: (page) => openParticipant(page, "ACTIVE") },
  {
    route: "/participants/[id]/evidence",
    who: "nurse",
    state: "an active participant's record, every form open",
    open: async (page) => {
      await openParticipant(page, "ACTIVE");
      await follow(page, page.getByRole("link", { name: "Screens, TOP and offences" }), /^Screens, TOP and offences: /);
      await openDisclosures(page.getByRole("main"));
    },
  },
  {
    route: "/participants/[id]/evidence",
    who: "nurse",
    state: "a TOP refused with field errors",
    open: async (page) => {
      await openParticipant(page, "ACTIVE");
      await follow(page, page.getByRole("link", { name: "Screens, TOP and offences" }), /^Screens, TOP and offences: /);
      await page.getByText("Treatment Outcomes Profile (TOP)", { exact: true }).click();
      await page.getByRole("button", { name: "Save TOP" }).click();
      await expect(alertIn(page)).toBeVisible();
    },
  },
  { route: "/account", who: "nurse", state: "change password", open: (page) => visit(page, "/account", "My account") },
  {
    route: "/account/witness-pin",
    who: "nurse",
    state: "a trivial PIN refused",
    open: async (page) => {
      await visit(page, "/account/witness-pin", "My witness PIN");
      await page.getByLabel("New PIN", { exact: true }).fill("123456");
      await page.getByLabel("Repeat new PIN").fill("123456");
      await page.getByRole("button", { name: "Change PIN" }).click();
      await expect(alertIn(page)).toBeVisible();
    },
  },

  // Prescriber.
  { route: "/prescribing", who: "prescriber", state: "review queues", open: (page) => visit(page, "/prescribing", "Prescribing") },
  {
    route: "/prescribing/[participantId]",
    who: "prescriber",
    state: "a hard hold placed, awaiting review",
    open: async (page) => {
      // Someone on a break, so the dose journeys' lists of people waiting are unchanged.
      await openParticipant(page, "ON_BREAK");
      await follow(page, page.getByRole("main").getByRole("link", { name: "Prescribing" }), /^Prescribing: /);
      const hold = page.getByRole("region", { name: "Place a hold" });
      await hold.getByLabel("Kind of hold").selectOption("HARD");
      await hold.getByLabel("Reason").fill("Accessibility check: a hold to review");
      await hold.getByRole("button", { name: "Place hold" }).click();
      await expect(page.getByRole("region", { name: "Open holds" })).toBeVisible();
    },
  },
  {
    route: "/prescribing/[participantId]",
    who: "prescriber",
    state: "a prescription refused with field errors",
    open: async (page) => {
      await visit(page, "/prescribing", "Prescribing");
      await follow(page, page.getByRole("region", { name: /^Waiting for a prescriber/ }).getByRole("listitem").filter({ hasText: /Review (due|overdue)/ }).first().getByRole("link").first(), /^Prescribing: /);
      await page.getByRole("button", { name: "Save prescription" }).click();
      await expect(alertIn(page)).toBeVisible();
    },
  },
  { route: "/participants/new", who: "prescriber", state: "empty form", open: (page) => visit(page, "/participants/new", "Record a referral") },
  {
    route: "/participants/new",
    who: "prescriber",
    state: "refused with field errors",
    open: async (page) => {
      await visit(page, "/participants/new", "Record a referral");
      await page.getByRole("button", { name: "Record referral" }).click();
      await expect(page.getByLabel("Given name")).toBeFocused();
    },
  },
  {
    route: "/participants/[id]",
    who: "prescriber",
    state: "a new referral awaiting assessment",
    open: async (page) => {
      await visit(page, "/participants/new", "Record a referral");
      await page.getByLabel("Given name").fill("Alex");
      await page.getByLabel("Family name").fill("Axecheck");
      await page.getByLabel("Date of birth").fill("1980-05-01");
      await page.getByLabel("Referring agency").selectOption({ index: 1 });
      await page.getByLabel("Reason for referral").fill("Accessibility check");
      await page.getByRole("button", { name: "Record referral" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Alex Axecheck" })).toBeVisible();
      await expect(page.getByRole("region", { name: "Assessment" })).toBeVisible();
    },
  },
  {
    route: "/participants/[id]",
    who: "prescriber",
    state: "the exit asking to be confirmed (not sent)",
    open: async (page) => {
      await openParticipant(page, "ACTIVE");
      const exit = page.getByRole("region", { name: "Exit" });
      await exit.getByText("Record an exit…").click();
      await exit.getByLabel("Exit date").fill("2026-01-01");
      await exit.getByRole("button", { name: "Record exit" }).click();
      await expect(page.getByRole("alertdialog")).toBeVisible();
      await expect(page.getByRole("alertdialog").getByRole("button", { name: "Cancel" })).toBeFocused();
    },
  },
  ...["WAITING", "ACTIVE", "ON_BREAK", "EXITED", "DECLINED"].map(
    (status): Check => ({ route: "/participants/[id]", who: "prescriber", state: `journey steps for status ${status}`, open: (page) => openParticipant(page, status) }),
  ),

  // Back-entry after an outage (the e2e demo has yesterday's two sessions waiting).
  { route: "/back-entry", who: "nurse", state: "sessions waiting after an outage and the entry form", open: (page) => visit(page, "/back-entry", "Back-entry: doses given on paper") },
  { route: "/back-entry", who: "pharmacist", state: "the CD lead's decisions", open: (page) => visit(page, "/back-entry", "Back-entry: doses given on paper") },

  // Pharmacist.
  { route: "/register", who: "pharmacist", state: "stock and forms", open: (page) => visit(page, "/register", "Controlled-drug register") },
  {
    route: "/register",
    who: "pharmacist",
    state: "a receipt refused with field errors",
    open: async (page) => {
      await visit(page, "/register", "Controlled-drug register");
      await page.getByRole("region", { name: "Receive stock" }).getByRole("button", { name: "Record receipt" }).click();
      await expect(alertIn(page.getByRole("region", { name: "Receive stock" }))).toBeVisible();
    },
  },
  {
    route: "/register/[productId]",
    who: "pharmacist",
    state: "a product's register, annotation open",
    open: async (page) => {
      await visit(page, "/register", "Controlled-drug register");
      await follow(page, page.getByRole("region", { name: "Stock" }).getByRole("link"), / mg · /);
      await page.getByText("Annotate", { exact: true }).first().click();
    },
  },
  { route: "/register/print", who: "pharmacist", state: "every product's register page, printable", open: (page) => visit(page, "/register/print", "Controlled-drug register: print") },

  // Board.
  { route: "/board", who: "board", state: "dashboard", open: (page) => visit(page, "/board", "Outcomes") },
  {
    route: "/board",
    who: "board",
    state: "every table shown, and a bad filter reported",
    open: async (page) => {
      await visit(page, "/board?period=not-a-period", "Outcomes");
      await expect(alertIn(page)).toBeVisible();
      await openDisclosures(page.getByRole("main"));
    },
  },
  { route: "/board/report", who: "board", state: "printable report", open: (page) => visit(page, "/board/report", "Outcomes report") },

  // Admin.
  {
    route: "/admin",
    who: "admin",
    state: "users, one opened",
    open: async (page) => {
      await visit(page, "/admin", "Users");
      await page.getByText(`Manage ${DEMO.nurse.name}`, { exact: true }).click();
    },
  },
  {
    route: "/admin",
    who: "admin",
    state: "disabling a user asking to be confirmed (not sent)",
    open: async (page) => {
      await visit(page, "/admin", "Users");
      await page.getByText(`Manage ${DEMO.nurse2.name}`, { exact: true }).click();
      await page.getByRole("button", { name: `Disable ${DEMO.nurse2.name}` }).click();
      await expect(page.getByRole("alertdialog", { name: `Disable ${DEMO.nurse2.name}'s account?` })).toBeVisible();
    },
  },
  {
    route: "/admin",
    who: "admin",
    state: "a new user refused with field errors",
    open: async (page) => {
      await visit(page, "/admin", "Users");
      await page.getByRole("button", { name: "Create user" }).click();
      await expect(alertIn(page.getByRole("region", { name: "Add a user" }))).toBeVisible();
    },
  },
  { route: "/admin/settings", who: "admin", state: "every setting", open: (page) => visit(page, "/admin/settings", "Clinic settings") },
  { route: "/admin/settings", who: "prescriber", state: "as clinical lead: clinical settings to change, operational ones to read", open: (page) => visit(page, "/admin/settings", "Clinic settings") },
  {
    route: "/admin/settings",
    who: "admin",
    state: "a change refused without a reason",
    open: async (page) => {
      await visit(page, "/admin/settings", "Clinic settings");
      const places = page.getByRole("region", { name: "Places" });
      await places.getByRole("button", { name: "Save places" }).click();
      await expect(alertIn(places)).toBeVisible();
    },
  },
  { route: "/admin/imports", who: "admin", state: "upload form", open: (page) => visit(page, "/admin/imports", "Imports") },
  {
    route: "/admin/imports",
    who: "admin",
    state: "a file with bad rows reported",
    open: async (page) => {
      await visit(page, "/admin/imports", "Imports");
      await page.getByLabel("CSV file").setInputFiles({ name: "offences.csv", mimeType: "text/csv", buffer: Buffer.from("reference,date,offence,severity\nHAT-9999,not-a-date,Shoplifting,x\n") });
      await page.getByRole("button", { name: "Check and import" }).click();
      await expect(page.getByRole("heading", { name: /^Nothing was imported/ })).toBeVisible();
    },
  },
  {
    route: "/admin/funding",
    who: "admin",
    state: "funding lines, every change form open",
    open: async (page) => {
      await visit(page, "/admin/funding", "Funding and costs");
      await openDisclosures(page.getByRole("main"));
    },
  },
  {
    route: "/admin/licences",
    who: "admin",
    state: "prescribers and their licences, every form open",
    open: async (page) => {
      await visit(page, "/admin/licences", "Prescriber licences");
      await openDisclosures(page.getByRole("main"));
    },
  },
  { route: "/admin/audit", who: "admin", state: "events", open: (page) => visit(page, "/admin/audit", "Audit trail") },
  {
    route: "/admin/audit",
    who: "admin",
    state: "a bad filter reported",
    open: async (page) => {
      await visit(page, "/admin/audit?from=not-a-date", "Audit trail");
      await expect(alertIn(page)).toBeVisible();
    },
  },
];

/** Every page and special file (403, 404, error) under app/, as a route: "(staff)/participants/[id]/page.tsx" → "/participants/[id]". */
function appRoutes(): string[] {
  const special = /^(page|forbidden|not-found|unauthorized|error|global-error)\.(tsx|ts|jsx|js)$/;
  return fs
    .readdirSync("app", { recursive: true, encoding: "utf8" })
    .filter((file) => special.test(path.basename(file)))
    .map((file) => {
      const segments = file.split(path.sep);
      const kind = segments.pop()!.replace(/\..*$/, "");
      const route = `/${segments.filter((s) => !/^\(.+\)$/.test(s)).join("/")}`;
      return kind === "page" ? route : `${route}#${kind}`;
    })
    .sort();
}

test("every page under app/ has an accessibility check", () => {
  const checked = new Set(CHECKS.map((c) => c.route));
  // Next.js's built-in 404 page serves when app/ has none; it is checked all the same.
  const expected = new Set([...appRoutes(), "/#not-found"]);
  expect([...expected].filter((route) => !checked.has(route)), "pages without an accessibility check: add them to CHECKS").toEqual([]);
  expect([...checked].filter((route) => !expected.has(route)), "checks for pages that no longer exist").toEqual([]);
});

for (const check of CHECKS) {
  test(`${check.route} as ${check.who}: ${check.state}`, async ({ browser }) => {
    const page = await pageAs(browser, check.who);
    try {
      await check.open(page);
      await expectNoSeriousViolations(page, `${check.route} (${check.who}, ${check.state})`);
    } finally {
      await page.context().close();
    }
  });
}
