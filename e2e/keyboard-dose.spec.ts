import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectNoSeriousViolations, expectVisibleFocus, retype, tabTo, waitForHydration } from "./a11y";
import { DEMO, signIn } from "./support";

/**
 * A supervised dose from check-in to sign-off with the keyboard alone: Tab, Shift+Tab,
 * Enter, Space and typing; no mouse, no click(), no fill(). Every Tab stop must show its
 * focus, and after each step focus must land where the nurse carries on.
 *
 * Like the dose journey (today.spec.ts) it passes at any hour: an administrator sets the
 * windows to AM 00:00–00:01 and PM 00:01–00:02, so from 00:02 the PM session is late and
 * the dose needs a prescriber's authorisation (the clinical lead allows late doses all day).
 * Observation keeps its 20 minutes (no clinic may set under 15): the participant leaves
 * against advice and the nurse signs off early, typing the reason.
 */
test.setTimeout(6 * 60_000);

/** Minutes past midnight in the clinic's zone. */
function clinicMinutes(): number {
  const [hours, minutes] = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
    .format(new Date())
    .split(":")
    .map(Number) as [number, number];
  return hours * 60 + minutes;
}

async function signInByKeyboard(page: Page, user: { email: string; password: string }) {
  await page.goto("/login");
  await waitForHydration(page);
  await tabTo(page, page.getByLabel("Email"));
  await page.keyboard.type(user.email);
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password")).toBeFocused();
  await page.keyboard.type(user.password);
  await page.keyboard.press("Enter");
  // Generous: bcrypt is deliberately slow, and a loaded CI machine slower still.
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible({ timeout: 30_000 });
  await waitForHydration(page);
}

/** The skip link is the first Tab stop on a signed-in page and takes focus past the header. */
async function skipToContent(page: Page) {
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to main content" })).toBeFocused();
  await expectVisibleFocus(page);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("main")).toBeFocused();
}

async function configureClinic(browser: Browser) {
  // The windows are operational: the administrator's.
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInByKeyboard(page, DEMO.admin);
  await page.goto("/admin/settings");
  await waitForHydration(page);
  await skipToContent(page);

  const windows = page.getByRole("region", { name: "Session windows (Europe/London)" });
  await tabTo(page, windows.getByLabel("AM opens"));
  for (const [label, time] of [["AM opens", "00:00"], ["AM closes", "00:01"], ["PM opens", "00:01"], ["PM closes", "00:02"]] as const) {
    await expect(windows.getByLabel(label)).toBeFocused();
    await retype(page, time);
    await page.keyboard.press("Tab");
  }
  await expect(windows.getByLabel("Reason for the change")).toBeFocused();
  await page.keyboard.type("Keyboard run: every hour is a late PM session");
  await page.keyboard.press("Tab");
  await expect(windows.getByRole("button", { name: /^Save session windows/ })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(windows.getByText("Saved.")).toBeVisible();
  await context.close();

  // Session timing is clinical: the clinical lead's. A late dose may be given until the next
  // session opens (midnight here), whatever the hour of the run.
  const leadContext = await browser.newContext();
  const lead = await leadContext.newPage();
  await signInByKeyboard(lead, DEMO.prescriber);
  await lead.goto("/admin/settings");
  await waitForHydration(lead);
  await skipToContent(lead);
  const timing = lead.getByRole("region", { name: "Dose session timing" });
  await tabTo(lead, timing.getByLabel("Late dose until, after the window closes (minutes)"));
  await retype(lead, "1440");
  await tabTo(lead, timing.getByLabel("Reason for the change"));
  await lead.keyboard.type("Keyboard run: late doses all day");
  await lead.keyboard.press("Tab");
  await expect(timing.getByRole("button", { name: "Save dose session timing" })).toBeFocused();
  await lead.keyboard.press("Enter");
  await expect(timing.getByText("Saved.")).toBeVisible();
  await leadContext.close();
}

async function authoriseLateDose(browser: Browser, name: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInByKeyboard(page, DEMO.prescriber);
  await page.goto("/today");
  await waitForHydration(page);
  await skipToContent(page);
  const card = page.getByRole("article", { name });
  await tabTo(page, card.getByLabel("Reason for the late dose"), { maxPresses: 150 });
  await page.keyboard.type("Arrived after the window: known to staff, stable dose");
  await page.keyboard.press("Tab");
  await expect(card.getByRole("button", { name: "Authorise late dose" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(card.getByText("Late dose authorised by a prescriber.")).toBeVisible();
  // The prescriber carries on in the same card: the nurse's next step is drawing the dose.
  await expect(card.getByLabel("Dose drawn (mg)")).toBeFocused();
  await context.close();
}

test("a nurse takes a participant from check-in to sign-off with the keyboard alone, always seeing where focus is", async ({ page, browser }) => {
  // The windows make 00:00–00:02 an open session and midnight the next day: start clear of both.
  const minutes = clinicMinutes();
  if (minutes >= 23 * 60 + 58 || minutes < 3) await page.waitForTimeout((((3 - minutes + 1440) % 1440) + 1) * 60_000);
  await configureClinic(browser);
  // The second nurse, who will witness, signs in on her own tablet: the picker offers her.
  const witnessTablet = await browser.newContext();
  await signIn(await witnessTablet.newPage(), DEMO.nurse2);
  await witnessTablet.close();

  await signInByKeyboard(page, DEMO.nurse);
  await expect(page).toHaveURL(/\/today$/);
  await expect(page.getByRole("heading", { level: 1, name: /^PM session · / })).toBeVisible();
  // The last person waiting, not held and not in induction: the dose journey takes the first three.
  const name = await page
    .getByRole("article")
    .filter({ has: page.getByText("Waiting", { exact: true }) })
    .filter({ hasNotText: /Hard hold|Soft hold|Induction/ })
    .last()
    .getByRole("heading", { level: 2 })
    .textContent();
  const card = page.getByRole("article", { name: name! });
  const heading = card.getByRole("heading", { level: 2, name: name! });

  // Check in: past the header with the skip link, then along the list to this person's card.
  await skipToContent(page);
  await tabTo(page, card.getByRole("button", { name: "Check in" }));
  await page.keyboard.press("Enter");
  await expect(card.getByText("Checked in", { exact: true })).toBeVisible();

  // Pre-dose assessment: focus is already in its first field.
  await expect(card.getByLabel("Sedation score")).toBeFocused();
  await expectVisibleFocus(page);
  await expectNoSeriousViolations(page, "Today, assessment form");
  for (const [label, value] of [["Sedation score", "0"], ["Breath alcohol (mg/L)", "0"], ["Withdrawal score (0–10)", "2"], ["SpO₂ (%), if measured", "97"]] as const) {
    await expect(card.getByLabel(label)).toBeFocused();
    await page.keyboard.type(value);
    await page.keyboard.press("Tab");
  }
  await expect(card.getByRole("button", { name: "Record assessment" })).toBeFocused();
  await expectVisibleFocus(page);
  await page.keyboard.press("Space");
  await expect(card.getByText("Assessed", { exact: true })).toBeVisible();

  // Late: nothing to fill in until a prescriber authorises, so focus waits on the card's heading.
  await expect(card.getByText(/a late dose needs a prescriber's authorisation on this screen/)).toBeVisible();
  await expect(heading).toBeFocused();
  await expectVisibleFocus(page);
  await authoriseLateDose(browser, name!);
  await page.reload();
  await waitForHydration(page);

  // Draw: the dose drawn is the prescribed one; a wrong PIN is refused at the PIN field.
  await skipToContent(page);
  await tabTo(page, card.getByLabel("Dose drawn (mg)"));
  await expect(card.getByLabel("Dose drawn (mg)")).not.toHaveValue("");
  // The witnesses offered are one Tab stop (the last witness chosen already, or the first); the
  // arrow keys choose within them.
  await tabTo(page, card.getByLabel("Batch the ampoules come from"));
  await page.keyboard.press("Tab");
  const witness = card.getByRole("radio", { name: DEMO.nurse2.name });
  for (let presses = 0; presses < 4 && !(await witness.evaluate((element) => element === document.activeElement)); presses++) await page.keyboard.press("ArrowDown");
  await expect(witness).toBeFocused();
  await expect(witness).toBeChecked();
  await expectVisibleFocus(page);
  await page.keyboard.press("Tab");
  await expect(card.getByLabel("Witness's PIN")).toBeFocused();
  await page.keyboard.type("000000");
  await page.keyboard.press("Enter");
  await expect(card.getByRole("alert")).toHaveText("The witness's email and PIN do not match an active member of staff at this clinic.");
  await expect(card.getByLabel("Witness's PIN")).toBeFocused();
  await expectVisibleFocus(page);
  await expectNoSeriousViolations(page, "Today, witness refused");
  await retype(page, DEMO.nurse2.pin);
  await page.keyboard.press("Enter");
  await expect(card.getByText("Dose drawn", { exact: true })).toBeVisible();

  // Administer: the route is the prescription's; focus is on the injection site, and the dose given is the dose drawn.
  await expect(card.getByText("Route prescribed: Intravenous (IV)")).toBeVisible();
  await expect(card.getByLabel("Injection site")).toBeFocused();
  await expectVisibleFocus(page);
  await expect(card.getByLabel("Dose given (mg)")).not.toHaveValue("");
  await page.keyboard.type("left forearm");
  await page.keyboard.press("Enter");
  await expect(card.getByText("Under observation", { exact: true })).toBeVisible();

  // Observation: focus on the sign-off form while the countdown runs. The participant leaves
  // against advice before the 20 minutes are up: the nurse types why and signs off early.
  await expect(card.getByLabel("Reason for signing off early")).toBeFocused();
  await expectVisibleFocus(page);
  await expect(card.getByRole("timer")).toContainText("left");
  await expectNoSeriousViolations(page, "Today, under observation");
  await expect(card.getByLabel("Reason for signing off early")).toBeFocused();
  await page.keyboard.type("Left against advice; alert, breathing normally");
  await page.keyboard.press("Tab");
  await expect(card.getByRole("button", { name: "Sign off" })).toBeFocused();
  await expectVisibleFocus(page);
  await page.keyboard.press("Space");
  await expect(card.getByText("Signed off", { exact: true })).toBeVisible();
  await expect(card.getByText(/^Given: \d+ mg$/)).toBeVisible();

  // Nothing left to record: focus rests on the card, and Shift+Tab goes back up the page.
  await expect(heading).toBeFocused();
  await expectVisibleFocus(page);
  await page.keyboard.press("Shift+Tab");
  await expectVisibleFocus(page);
});
