import { expect, test, type Browser, type Page } from "@playwright/test";
import { confirmStep, DEMO, everyHourALatePmSession, pickWitness, signIn } from "./support";

/**
 * The nurse's session, end to end. It must pass at any hour (CI runs at night), so an
 * administrator first sets the clinic's windows to AM 00:00–00:01 and PM 00:01–00:02
 * through the settings screen: from 00:02 until midnight the PM session is then past its
 * window, and every dose needs a prescriber's late-dose authorisation, which the journey
 * shows. Observation keeps its 20 minutes (no clinic may set under 15): the participant
 * leaves against advice and the nurse signs off early, giving the reason.
 */
test.setTimeout(5 * 60_000);


async function authoriseLateDose(browser: Browser, name: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, DEMO.prescriber);
  await page.goto("/today");
  const card = page.getByRole("article", { name });
  await card.getByLabel("Reason for the late dose").fill("Arrived after the window: known to staff, stable dose");
  await card.getByRole("button", { name: "Authorise late dose" }).click();
  await expect(card.getByText("Late dose authorised by a prescriber.")).toBeVisible();
  await context.close();
}

/** A pharmacist receives short-dated batches of both strengths: the next dose must come from one of them (first to expire, first used). */
const SHORT_DATED = { "100": { batch: "E2E-SHORT-100", ampoules: 30 }, "500": { batch: "E2E-SHORT-500", ampoules: 10 } } as const;

async function receiveShortDatedStock(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, DEMO.pharmacist);
  const expiry = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
  for (const [strength, { batch, ampoules }] of Object.entries(SHORT_DATED)) {
    const receive = page.getByRole("region", { name: "Receive stock" });
    await receive.getByLabel("Product").selectOption({ label: `Diamorphine hydrochloride ${strength} mg` });
    await receive.getByLabel("Batch").fill(batch);
    await receive.getByLabel("Expiry date").fill(expiry);
    await receive.getByLabel("Ampoules received").fill(String(ampoules));
    await receive.getByLabel("Supplier").fill("Specials wholesaler");
    await pickWitness(receive, DEMO.nurse);
    await receive.getByRole("button", { name: "Record receipt" }).click();
    await expect(page.getByText(`Batch ${batch}: ${ampoules},`)).toBeVisible();
  }
  const balances = await productBalances(page);
  await context.close();
  return balances;
}

/** Each strength's balance as the register's front page shows it. */
async function productBalances(page: Page): Promise<Record<string, number>> {
  const balances: Record<string, number> = {};
  for (const strength of Object.keys(SHORT_DATED)) {
    const link = await page.getByRole("link", { name: new RegExp(`Diamorphine hydrochloride ${strength} mg`) }).textContent();
    balances[strength] = Number(/: (\d+) ampoules/.exec(link ?? "")?.[1]);
  }
  return balances;
}

/** The pharmacist's register after the dose: one supply line to the participant, and the batch's balance down by it. */
async function expectSupplyInRegister(browser: Browser, reference: string, before: Record<string, number>) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, DEMO.pharmacist);
  const used = [];
  for (const [strength, { batch, ampoules }] of Object.entries(SHORT_DATED)) {
    const line = await page.getByText(new RegExp(`^Batch ${batch}: \\d+,`)).textContent();
    const balance = Number(/: (\d+),/.exec(line ?? "")?.[1]);
    if (balance !== ampoules) used.push({ strength, batch, ampoules, balance });
  }
  expect(used).toHaveLength(1);
  const { strength, batch, ampoules, balance } = used[0]!;
  const supplied = ampoules - balance;
  const newBalance = before[strength]! - supplied;
  expect((await productBalances(page))[strength]).toBe(newBalance);

  await page.getByRole("link", { name: new RegExp(`Diamorphine hydrochloride ${strength} mg`) }).click();
  await expect(page.getByText(`Balance: ${newBalance} ampoules`)).toBeVisible();
  const supply = page.getByRole("row").filter({ hasText: `Supplied to ${reference}` }).filter({ hasText: batch });
  await expect(supply).toHaveCount(1);
  const cells = supply.getByRole("cell");
  await expect(cells.nth(1)).toHaveText("Supplied");
  await expect(cells.nth(4)).toHaveText(String(supplied));
  await expect(cells.nth(5)).toContainText(/\d+ mg given, \d+ mg wasted/);
  await expect(cells.nth(8)).toHaveText(String(newBalance));
  await context.close();
}

async function assess(page: Page, name: string, breathAlcohol: string) {
  const card = page.getByRole("article", { name });
  await card.getByRole("button", { name: "Check in" }).click();
  await expect(card.getByText("Checked in", { exact: true })).toBeVisible();
  await card.getByLabel("Sedation score").fill("0");
  await card.getByLabel("Breath alcohol (mg/L)").fill(breathAlcohol);
  await card.getByLabel("Withdrawal score (0–10)").fill("2");
  await card.getByLabel("SpO₂ (%), if measured").fill("97");
  await card.getByRole("button", { name: "Record assessment" }).click();
  await expect(card.getByText("Assessed", { exact: true })).toBeVisible();
  return card;
}

test("a nurse works a session: one dosed (the register shows its supply), witnessed and signed off early with a reason; one withheld for intoxication; one missed at close", async ({ page, browser }) => {
  await everyHourALatePmSession(browser, (ms) => page.waitForTimeout(ms));
  const stockBefore = await receiveShortDatedStock(browser);

  await signIn(page, DEMO.nurse);
  await expect(page).toHaveURL(/\/today$/);
  await expect(page.getByRole("heading", { level: 1, name: /^PM session · / })).toBeVisible();
  await expect(page.getByText(/a late dose needs a prescriber's authorisation \(until \d\d:\d\d\)\. Close the session when everyone is seen\./)).toBeVisible();

  // Three people from today's list, not held and not in induction.
  const waiting = page
    .getByRole("article")
    .filter({ has: page.getByText("Waiting", { exact: true }) })
    .filter({ hasNotText: /Hard hold|Soft hold|Induction/ });
  const [dosed, withheld, absent] = (await waiting.getByRole("heading", { level: 2 }).allTextContents()).slice(0, 3) as [string, string, string];
  expect(absent).toBeTruthy();

  // Dosed: assessed fit, but the window has closed, so drawing waits for a prescriber.
  const dosedCard = await assess(page, dosed, "0");
  await expect(dosedCard.getByText(/a late dose needs a prescriber's authorisation on this screen/)).toBeVisible();
  await expect(dosedCard.getByRole("button", { name: "Record dose drawn" })).toHaveCount(0);
  await authoriseLateDose(browser, dosed);
  await page.reload();

  // The second nurse witnesses with their own PIN; a wrong PIN draws nothing.
  await pickWitness(dosedCard, { ...DEMO.nurse2, pin: "000000" });
  await dosedCard.getByRole("button", { name: "Record dose drawn" }).click();
  await expect(dosedCard.getByRole("alert")).toHaveText("The witness's email and PIN do not match an active member of staff at this clinic.");
  await pickWitness(dosedCard, DEMO.nurse2);
  await dosedCard.getByRole("button", { name: "Record dose drawn" }).click();
  await expect(dosedCard.getByText("Dose drawn", { exact: true })).toBeVisible();
  // The card shows what was drawn, from which batch, and when.
  await expect(dosedCard.getByText(/^Drawn: \d+ mg, batch \S+, at /)).toBeVisible();

  await dosedCard.getByLabel("Injection site").fill("left forearm");
  await dosedCard.getByRole("button", { name: "Record dose given" }).click();
  await expect(dosedCard.getByText("Under observation", { exact: true })).toBeVisible();
  await expect(dosedCard.getByRole("timer")).toContainText("left");

  // The dose wrote its supply line in the controlled-drug register, from a short-dated batch.
  const reference = /HAT-\d{4}/.exec((await dosedCard.textContent()) ?? "")?.[0];
  expect(reference).toBeTruthy();
  await expectSupplyInRegister(browser, reference!, stockBefore);

  // Signing off during observation, without a reason, is refused.
  await dosedCard.getByRole("button", { name: "Sign off" }).click();
  await expect(dosedCard.getByRole("alert")).toContainText("wait, or give a reason for signing off early.");

  // Withheld: breath alcohol above the clinic's threshold (0.2 mg/L by default).
  const withheldCard = await assess(page, withheld, "0.45");
  await expect(withheldCard.getByRole("note")).toContainText("Breath alcohol 0.45 mg/L is at or above the withhold threshold of 0.2 mg/L.");
  await expect(withheldCard.getByLabel("Reason for withholding")).toHaveValue("Breath alcohol 0.45 mg/L is at or above the withhold threshold of 0.2 mg/L.");
  await withheldCard.getByRole("button", { name: "Withhold dose" }).click();
  await confirmStep(page, "Yes, withhold dose", `Withhold ${withheld}'s PM dose?`);
  await expect(withheldCard.getByText("Withheld", { exact: true })).toBeVisible();

  // Closing lists who becomes missed or withheld first; it cannot close while someone is under observation.
  const end = page.getByRole("region", { name: "End of session" });
  await end.getByText("Close session…").click();
  await expect(end.getByRole("list", { name: "What closing will do" })).toContainText(`${absent}`);
  await expect(end.getByRole("list", { name: "What closing will do" })).toContainText("dose in progress: finish it first");
  await end.getByRole("button", { name: "Close session" }).click();
  await confirmStep(page, "Yes, close session", absent);
  await expect(end.getByRole("alert")).toContainText("after observation");

  // Still under observation (20 minutes, never under 15): the participant leaves against
  // advice, so the nurse signs off early and the record says why.
  await expect(dosedCard.getByRole("timer")).toContainText("left");
  await dosedCard.getByLabel("Reason for signing off early").fill("Left against advice; alert, breathing normally, no signs of overdose");
  await dosedCard.getByRole("button", { name: "Sign off" }).click();
  await expect(dosedCard.getByText("Signed off", { exact: true })).toBeVisible();

  // Close: the board moves on to the next session, with a summary; the closed one shows who was missed.
  await expect(end.getByRole("list", { name: "What closing will do" })).not.toContainText("dose in progress");
  await end.getByRole("button", { name: "Close session" }).click();
  await confirmStep(page, "Yes, close session", /^Close the PM session of /);
  await expect(page.getByRole("heading", { level: 1, name: /^AM session · / })).toBeVisible();
  await expect(page.getByText(/^PM session of .+ closed by Nina Shah at .+: \d+ missed, \d+ withheld/)).toBeVisible();
  await page.getByRole("link", { name: /^Previous session: PM session/ }).click();
  await expect(page.getByText(/Closed \w{3} \d+ \w{3}, \d\d:\d\d\./)).toBeVisible();
  await expect(page.getByRole("article", { name: dosed }).getByText("Signed off", { exact: true })).toBeVisible();
  await expect(page.getByRole("article", { name: dosed }).getByText("Given:", { exact: false })).toBeVisible();
  await expect(page.getByRole("article", { name: withheld }).getByText("Withheld", { exact: true })).toBeVisible();
  await expect(page.getByRole("article", { name: absent }).getByText("Missed", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Check in" })).toHaveCount(0);
});
