import fs from "node:fs";
import { expect, test, type Browser, type Page, type Request } from "@playwright/test";
import { decode, encode } from "next-auth/jwt";
import { waitForHydration } from "./a11y";
import { confirmStep, DEMO, everyHourALatePmSession, signIn } from "./support";

/**
 * No entry lost (issue 8): a step pressed after the session has ended or while the
 * connection is down keeps what the nurse typed and says it was not saved; a form pressed
 * before the page's script has run posts to the server, never a GET with its fields in the
 * URL; a repeated adverse event is recorded once.
 *
 * Like the dose journey (today.spec.ts) it passes at any hour: an administrator sets the
 * windows to AM 00:00–00:01 and PM 00:01–00:02, so from 00:02 the PM session is being worked.
 */
test.setTimeout(4 * 60_000);

const SESSION_COOKIE = "next-auth.session-token";


test.beforeAll(async ({ browser }) => {
  test.setTimeout(8 * 60_000);
  await everyHourALatePmSession(browser, (ms) => new Promise((resolve) => setTimeout(resolve, ms)));
});

/**
 * Someone waiting at the session being worked, not held and not in induction. The dose
 * journeys (today.spec.ts, keyboard-dose.spec.ts, accessibility.spec.ts) take the first
 * three and the last: this journey takes one person only.
 */
async function waitingParticipant(page: Page): Promise<string> {
  const waiting = page
    .getByRole("article")
    .filter({ has: page.getByText("Waiting", { exact: true }) })
    .filter({ hasNotText: /Hard hold|Soft hold|Induction/ });
  const name = await waiting.nth(1).getByRole("heading", { level: 2 }).textContent();
  expect(name).toBeTruthy();
  return name!;
}

/**
 * Half an hour passes: the browser's session now says its last activity was 31 minutes ago
 * (the idle timeout is 30), signed with the key the e2e server made (src/auth/secret.ts).
 */
async function leaveIdle(page: Page, baseURL: string) {
  // Every answer slides the idle timer with a new cookie: let the page's requests finish first.
  await page.waitForLoadState("networkidle");
  const context = page.context();
  const secret = process.env.NEXTAUTH_SECRET ?? fs.readFileSync("data/auth-secret", "utf8").trim();
  const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
  expect(cookie, "the session cookie").toBeTruthy();
  const token = await decode({ token: cookie!.value, secret });
  expect(token?.lastActivityAt).toBeTruthy();
  const idle = await encode({ token: { ...token!, lastActivityAt: Math.floor(Date.now() / 1000) - 31 * 60 }, secret });
  await context.clearCookies({ name: SESSION_COOKIE });
  await context.addCookies([{ name: SESSION_COOKIE, value: idle, url: baseURL, httpOnly: true, sameSite: "Lax" }]);
}

/** How many audit events of this action name the participant (administrator's audit trail). */
async function auditRows(browser: Browser, reference: string, action: string): Promise<number> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, DEMO.admin);
  await page.goto(`/admin/audit?participantReference=${reference}&action=${action}`);
  const count = await page.getByRole("row").filter({ hasText: reference }).count();
  await context.close();
  return count;
}

test("a nurse keeps every entry: the session ends mid-assessment, the connection drops, a button is pressed twice, another tablet gets there first", async ({
  page,
  browser,
  baseURL,
}) => {
  await signIn(page, DEMO.nurse);
  await waitForHydration(page);
  const name = await waitingParticipant(page);
  const card = page.getByRole("article", { name });
  const reference = /HAT-\d{4}/.exec((await card.textContent()) ?? "")?.[0];
  expect(reference).toBeTruthy();
  const cardId = await card.getByRole("heading", { level: 2 }).getAttribute("id");

  // Every step says it was saved, and when.
  await card.getByRole("button", { name: "Check in" }).click();
  await expect(card.getByText("Checked in", { exact: true })).toBeVisible();
  await expect(card.getByRole("status").filter({ hasText: /^Saved: checked in at \d\d:\d\d\.$/ })).toBeVisible();

  // The session ends while she fills the pre-dose assessment.
  const typed = [
    ["Sedation score", "1"],
    ["Breath alcohol (mg/L)", "0.05"],
    ["Withdrawal score (0–10)", "3"],
    ["SpO₂ (%), if measured", "96"],
  ] as const;
  for (const [label, value] of typed) await card.getByLabel(label).fill(value);
  await leaveIdle(page, baseURL!);
  await card.getByRole("button", { name: "Record assessment" }).click();
  await expect(card.getByRole("alert")).toContainText("Not saved: your session has ended. Sign in again to finish; what you typed is kept.");
  for (const [label, value] of typed) await expect(card.getByLabel(label)).toHaveValue(value);
  await expect(card.getByText("Checked in", { exact: true })).toBeVisible();

  // She signs in again and comes back to the same card, with what she typed.
  const signInAgain = card.getByRole("link", { name: "Sign in again" });
  expect(new URL((await signInAgain.getAttribute("href"))!, baseURL).searchParams.get("callbackUrl")).toBe(`/today#${cardId}`);
  await signInAgain.click();
  await expect(page).toHaveURL(/\/login\?/);
  await page.getByLabel("Email").fill(DEMO.nurse.email);
  await page.getByLabel("Password").fill(DEMO.nurse.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`/today#${cardId}$`), { timeout: 30_000 });
  await waitForHydration(page);
  for (const [label, value] of typed) await expect(card.getByLabel(label)).toHaveValue(value);
  await expect(card.getByRole("status").filter({ hasText: "What you typed before signing in again is back." })).toBeVisible();
  await card.getByRole("button", { name: "Record assessment" }).click();
  await expect(card.getByText("Assessed", { exact: true })).toBeVisible();
  await expect(card.getByRole("status").filter({ hasText: /^Saved: assessment recorded at \d\d:\d\d\.$/ })).toBeVisible();
  expect(await page.evaluate(() => Object.keys(sessionStorage).filter((key) => key.startsWith("hat.unsaved:")))).toEqual([]);

  // The connection drops as she records an adverse event; back online, she presses twice in a hurry.
  await card.getByText("Record an adverse event").click();
  await card.getByLabel("What happened", { exact: true }).selectOption({ label: "Other" });
  await card.getByLabel("What happened and what was done").fill("Felt faint in the waiting room; sat down, recovered in 5 minutes");
  await page.context().setOffline(true);
  await card.getByRole("button", { name: "Record adverse event" }).click();
  await expect(card.getByRole("alert")).toHaveText("Not saved: the connection to the clinic system was lost. Check the connection and press again.");
  await expect(card.getByLabel("What happened and what was done")).toHaveValue("Felt faint in the waiting room; sat down, recovered in 5 minutes");
  await page.context().setOffline(false);
  await card.getByRole("button", { name: "Record adverse event" }).dblclick();
  await expect(card.getByRole("status").filter({ hasText: /^Saved: adverse event recorded at \d\d:\d\d\.$/ })).toBeVisible();
  await expect(card.getByLabel("What happened and what was done")).toHaveValue("");

  // A second tablet has the same card open; both nurses withhold the dose. The one refused is
  // told so on its card, though the card has moved on as if its own step had been recorded.
  const second = await browser.newContext();
  const other = await second.newPage();
  await signIn(other, DEMO.nurse2);
  await waitForHydration(other);
  const otherCard = other.getByRole("article", { name });
  for (const c of [card, otherCard]) {
    await c.getByText("Not dosing: withhold, or the participant declined").click();
    await c.getByLabel("Reason for withholding").fill("Unwell after fainting: not safe to dose today");
  }
  await card.getByRole("button", { name: "Withhold dose" }).click();
  await confirmStep(page, "Yes, withhold dose", `Withhold ${name}'s`);
  await expect(card.getByText("Withheld", { exact: true })).toBeVisible();
  await expect(card.getByRole("status").filter({ hasText: /^Saved: dose withheld at/ })).toBeVisible();
  await otherCard.getByRole("button", { name: "Withhold dose" }).click();
  await confirmStep(other, "Yes, withhold dose");
  await expect(otherCard.getByText("Withheld", { exact: true })).toBeVisible();
  await expect(otherCard.getByRole("alert")).toContainText(/already/i);
  await expect(otherCard.getByRole("status").filter({ hasText: /^Saved:/ })).toHaveCount(0);
  // Starting on something else clears it.
  await otherCard.getByText("Record an adverse event").click();
  await otherCard.getByLabel("What happened and what was done").fill("Nothing");
  await expect(otherCard.getByRole("alert")).toHaveCount(0);
  await second.close();

  // Recorded once each.
  await page.waitForLoadState("networkidle");
  for (const action of ["doseSession.assess", "adverseEvent.record", "doseSession.withhold"]) {
    expect(await auditRows(browser, reference!, action), action).toBe(1);
  }
});

test("before the page's script has run, a form posts to the server: no field, not even a witness's PIN, goes into the URL", async ({ browser }) => {
  /** A member of staff signed in, on a tablet whose page script has not run (here: cannot run). */
  async function withoutScript(user: { email: string; password: string }) {
    const signedIn = await browser.newContext();
    await signIn(await signedIn.newPage(), user);
    const tablet = await browser.newContext({ javaScriptEnabled: false });
    await tablet.addCookies(await signedIn.cookies());
    await signedIn.close();
    return tablet;
  }

  // Every form on Today is a POST to its server action.
  const nurse = await withoutScript(DEMO.nurse);
  const today = await nurse.newPage();
  await today.goto("/today");
  await expect(today.getByRole("heading", { level: 1, name: /session · / })).toBeVisible();
  await expect(today.locator("main form")).not.toHaveCount(0);
  await expect(today.locator("main form:not([method='POST' i])")).toHaveCount(0);
  await nurse.close();

  // A witnessed receipt in the controlled-drug register, with a wrong PIN.
  const pharmacist = await withoutScript(DEMO.pharmacist);
  const page = await pharmacist.newPage();
  const navigations: Request[] = [];
  page.on("request", (request) => {
    if (request.isNavigationRequest()) navigations.push(request);
  });
  await page.goto("/register");
  const receive = page.getByRole("region", { name: "Receive stock" });
  await receive.getByLabel("Product").selectOption({ label: "Diamorphine hydrochloride 100 mg" });
  await receive.getByLabel("Batch").fill("NOJS-1");
  await receive.getByLabel("Expiry date").fill(new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10));
  await receive.getByLabel("Ampoules received").fill("5");
  await receive.getByLabel("Supplier").fill("Specials wholesaler");
  // The nurse signed in above, so she is offered: a radio button works without the page's script.
  await receive.getByRole("radio", { name: DEMO.nurse.name }).check();
  await receive.getByLabel("Witness's PIN").fill("000000");
  navigations.length = 0;
  await receive.getByRole("button", { name: "Record receipt" }).click();
  await page.waitForLoadState("load");

  expect(navigations.map((r) => `${r.method()} ${new URL(r.url()).pathname}${new URL(r.url()).search}`)).toEqual(["POST /register"]);
  expect(page.url()).not.toContain("?");
  // The server answered the post with the page and the refusal: nothing entered in the register.
  await expect(receive.getByRole("alert")).toHaveText("The witness's email and PIN do not match an active member of staff at this clinic.");
  await expect(page.getByText("Batch NOJS-1")).toHaveCount(0);
  await pharmacist.close();
});
