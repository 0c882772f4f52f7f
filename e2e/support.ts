import { expect, type Browser, type Locator, type Page } from "@playwright/test";
import { waitForHydration } from "./a11y";

/** Demo accounts created by `npm run db:seed -- --demo` (README lists them); they sign in only with HAT_DEMO=1, which scripts/e2e-server.mjs sets. */
export const DEMO = {
  nurse: { email: "nurse@hat.example", password: "nurse-demo-2026", name: "Nina Shah", pin: "135792" },
  nurse2: { email: "nurse2@hat.example", password: "nurse2-demo-2026", name: "Tom Reilly", pin: "246813" },
  prescriber: { email: "prescriber@hat.example", password: "prescriber-demo-2026", name: "Dr Amina Okafor", pin: "357924" },
  pharmacist: { email: "pharmacist@hat.example", password: "pharmacist-demo-2026", name: "Priya Desai", pin: "468035" },
  board: { email: "board@hat.example", password: "board-demo-2026", name: "Board Member" },
  admin: { email: "admin@hat.example", password: "admin-demo-2026", name: "Site Admin" },
} as const;

export async function signIn(page: Page, user: { email: string; password: string }) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Generous: bcrypt is deliberately slow, and a loaded CI machine slower still.
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible({ timeout: 30_000 });
}

/**
 * Saves one clinic setting through the settings screen: each field by its label, then the
 * reason. `title` is the setting's section ("Session windows (Europe/London)"). Operational
 * settings (places, session windows) are the administrator's; clinical ones (dose session
 * timing, observation, limits) the clinical lead's (DEMO.prescriber): sign in as the right one.
 */
export async function saveSetting(page: Page, title: string, fields: Record<string, string>, reason: string) {
  const section = page.getByRole("region", { name: title });
  for (const [label, value] of Object.entries(fields)) await section.getByLabel(label).fill(value);
  await section.getByLabel("Reason for the change").fill(reason);
  await section.getByRole("button", { name: `Save ${title.toLowerCase()}` }).click();
  await expect(section.getByText("Saved.")).toBeVisible();
}

/** Minutes past midnight in the clinic's zone. */
export function clinicMinutes(at = new Date()): number {
  const [hours, minutes] = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
    .format(at)
    .split(":")
    .map(Number) as [number, number];
  return hours * 60 + minutes;
}

/**
 * Makes every hour of the run a late PM session, whatever the time: AM 00:00–00:01 and PM
 * 00:01–00:02 (the administrator's, operational), and late doses until the next session
 * opens at midnight (the clinical lead's). Waits first if the run is within minutes of
 * midnight, when the windows themselves are open or the day changes.
 */
export async function everyHourALatePmSession(browser: Browser, waitFor: (ms: number) => Promise<unknown>) {
  const minutes = clinicMinutes();
  if (minutes >= 23 * 60 + 55 || minutes < 3) await waitFor((((3 - minutes + 1440) % 1440) + 1) * 60_000);
  const run = "End-to-end run: every hour is a late PM session";
  for (const [who, title, fields] of [
    [DEMO.admin, "Session windows (Europe/London)", { "AM opens": "00:00", "AM closes": "00:01", "PM opens": "00:01", "PM closes": "00:02" }],
    [DEMO.prescriber, "Dose session timing", { "Late dose until, after the window closes (minutes)": "1440" }],
  ] as const) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, who);
    await page.goto("/admin/settings");
    await waitForHydration(page);
    await saveSetting(page, title, fields, run);
    await context.close();
  }
}

/**
 * Answers the confirmation a step that cannot be undone asks for (src/ui/confirm-dialog.tsx):
 * checks that it names what it should, then presses its confirming button.
 */
export async function confirmStep(page: Page, confirmLabel: string, names?: string | RegExp) {
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toBeVisible();
  if (names) await expect(dialog).toContainText(names);
  await dialog.getByRole("button", { name: confirmLabel }).click();
  await expect(dialog).toHaveCount(0);
}

/** On a participant's Today card: check in, then a fit pre-dose assessment. */
export async function checkInAndAssess(card: Locator) {
  await card.getByRole("button", { name: "Check in" }).click();
  await expect(card.getByText("Checked in", { exact: true })).toBeVisible();
  await card.getByLabel("Sedation score").fill("0");
  await card.getByLabel("Breath alcohol (mg/L)").fill("0");
  await card.getByLabel("Withdrawal score (0–10)").fill("2");
  await card.getByRole("button", { name: "Record assessment" }).click();
  await expect(card.getByText("Assessed", { exact: true })).toBeVisible();
}

/**
 * Picks the witness on a form with the witness picker (a dose, a receipt, a destruction, a stock
 * check): their name among the colleagues signed in recently, or, when they have not signed in
 * within the hours, typed under "Someone else"; then their PIN.
 */
export async function pickWitness(form: Locator, witness: { name: string; pin: string }) {
  const offered = form.getByRole("radio", { name: witness.name });
  if ((await offered.count()) > 0) {
    await offered.check();
  } else {
    await form.getByRole("radio", { name: "Someone else" }).check();
    await form.getByLabel("Someone else: their name or email").fill(witness.name);
  }
  await form.getByLabel("Witness's PIN").fill(witness.pin);
}

/** On a participant's Today card: the dose drawn as prescribed, witnessed by the second demo nurse. */
export async function drawWitnessed(card: Locator) {
  await pickWitness(card, DEMO.nurse2);
  await card.getByRole("button", { name: "Record dose drawn" }).click();
  await expect(card.getByText("Dose drawn", { exact: true })).toBeVisible();
}
