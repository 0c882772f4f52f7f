import { writeFile } from "node:fs/promises";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { PDFParse } from "pdf-parse";
import { expectNoSeriousViolations, waitForHydration } from "./a11y";
import { DEMO, checkInAndAssess, drawWitnessed, everyHourALatePmSession, signIn } from "./support";

/**
 * Issue 19, downtime. (1) One clock: a tablet whose clock ran 40 minutes fast showed
 * "Observation complete: sign off" while the server refused. (2) The paper fallback: the
 * downtime sheet for the next session, printed ahead (to PDF, by Chromium), lists everyone
 * expected with the dose in force and every hold.
 *
 * One participant, named: the other journeys take people waiting by their place in the list,
 * and this one must not take one of theirs. She is dosed and left under observation.
 */
test.setTimeout(5 * 60_000);

const PARTICIPANT = { name: "Lisa Fenwick", reference: "HAT-0015" };
const HOLD_REASON = "Downtime check: review the dose before the next session";
const LIVE = { timeout: 15_000 };
const FORTY_MINUTES = 40 * 60_000;

async function signedIn(browser: Browser, who: { email: string; password: string }): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, who);
  return page;
}

/** Hours and minutes on the clinic's (Europe/London) wall clock. */
const londonTime = (at: number) => new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);

test("a tablet whose clock runs 40 minutes fast is warned, and the observation countdown keeps the server's time", async ({ browser }) => {
  await everyHourALatePmSession(browser, (ms) => new Promise((resolve) => setTimeout(resolve, ms)));

  // A dose given now: late in the PM session, so a prescriber authorises it first.
  const nurse = await signedIn(browser, DEMO.nurse);
  await nurse.goto("/today");
  await waitForHydration(nurse);
  const card = nurse.getByRole("article", { name: PARTICIPANT.name });
  await expect(card.getByText("Waiting", { exact: true })).toBeVisible();
  await checkInAndAssess(card);

  const prescriber = await signedIn(browser, DEMO.prescriber);
  await prescriber.goto("/today");
  const prescriberCard = prescriber.getByRole("article", { name: PARTICIPANT.name });
  await prescriberCard.getByLabel("Reason for the late dose").fill("Arrived after the window: known to staff, stable dose");
  await prescriberCard.getByRole("button", { name: "Authorise late dose" }).click();
  await expect(prescriberCard.getByText("Late dose authorised by a prescriber.")).toBeVisible();
  await prescriber.context().close();

  await expect(card.getByRole("button", { name: "Record dose drawn" })).toBeVisible(LIVE);
  await drawWitnessed(card);
  await card.getByLabel("Injection site").fill("left forearm");
  await card.getByRole("button", { name: "Record dose given" }).click();
  await expect(card.getByText("Under observation", { exact: true })).toBeVisible();
  const endsAt = (await card.getByRole("timer", { name: "Observation" }).textContent())!.match(/until (\d\d:\d\d)/)![1]!;

  // The same nurse on a tablet whose clock runs 40 minutes fast.
  const fast = await (await browser.newContext({ storageState: await nurse.context().storageState() })).newPage();
  await fast.clock.install({ time: Date.now() + FORTY_MINUTES });
  await fast.goto("/today");
  await waitForHydration(fast);
  expect(await fast.evaluate(() => Date.now()) - Date.now()).toBeGreaterThan(FORTY_MINUTES - 60_000);

  await expect(fast.getByRole("alert").filter({ hasText: "This tablet's clock is 40 minutes ahead of the clinic system's." })).toBeVisible(LIVE);
  // The clinic's time is the server's, not the tablet's.
  const shown = await fast.getByText(/^Clinic time \d\d:\d\d/).locator("time").textContent();
  expect([londonTime(Date.now() - 60_000), londonTime(Date.now())]).toContain(shown);
  expect(shown).not.toBe(londonTime(Date.now() + FORTY_MINUTES));

  // The countdown still shows the server's time left (observation lasts 20 minutes), never "sign off".
  const timer = fast.getByRole("article", { name: PARTICIPANT.name }).getByRole("timer", { name: "Observation" });
  await expect(timer).toHaveText(new RegExp(`^Under observation until ${endsAt}: \\d+ min \\d+ s left$`));
  const minutesLeft = Number((await timer.textContent())!.match(/: (\d+) min/)![1]);
  expect(minutesLeft).toBeGreaterThanOrEqual(10);
  await fast.waitForTimeout(2_000);
  await expect(timer).not.toContainText("Observation complete");
  await expectNoSeriousViolations(fast, "Today, a tablet's clock out by 40 minutes");
  await fast.context().close();
  await nurse.context().close();
});

test("the downtime sheet for the next session prints, to PDF, everyone expected with the dose in force and every hold", async ({ browser }, testInfo) => {
  // A hold to print: on the participant the clock journey left under observation.
  const prescriber = await signedIn(browser, DEMO.prescriber);
  await prescriber.goto("/participants");
  await prescriber.getByRole("main").getByRole("link", { name: new RegExp(PARTICIPANT.reference) }).first().click();
  await prescriber.getByRole("main").getByRole("link", { name: "Prescribing" }).first().click();
  await expect(prescriber.getByRole("heading", { level: 1, name: /^Prescribing: / })).toBeVisible();
  const hold = prescriber.getByRole("region", { name: "Place a hold" });
  await hold.getByLabel("Kind of hold").selectOption("SOFT");
  await hold.getByLabel("Reason").fill(HOLD_REASON);
  await hold.getByRole("button", { name: "Place hold" }).click();
  await expect(prescriber.getByRole("region", { name: "Open holds" })).toContainText(HOLD_REASON);
  await prescriber.context().close();

  const page = await signedIn(browser, DEMO.nurse);
  await page.goto("/today");
  const next = page.getByRole("link", { name: /^next session \((AM|PM)\)$/ });
  const href = (await next.getAttribute("href"))!;
  const [, date, slot] = href.match(/date=(\d{4}-\d{2}-\d{2})&slot=(AM|PM)/)!;

  // Who Today expects at that session, with the dose and holds on each card.
  await page.goto(`/today?date=${date}&slot=${slot}`);
  const cards = page.getByRole("list", { name: "Participants expected" }).getByRole("article");
  const expected: { name: string; mg: string; holds: string[] }[] = [];
  for (const card of await cards.all()) {
    const name = (await card.getByRole("heading", { level: 2 }).textContent())!;
    const mg = (await card.textContent())!.match(/(\d+) mg prescribed/)![1]!;
    expected.push({ name, mg, holds: (await card.getByText(/^(Hard|Soft) hold: /).allTextContents()).map((h) => h.trim()) });
  }
  expect(expected.length).toBeGreaterThan(0);
  expect(expected.map((e) => e.name)).toContain(PARTICIPANT.name);

  await page.goto("/today");
  await page.getByRole("link", { name: /^next session/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Downtime sheet: (AM|PM) session · / })).toBeVisible();
  await waitForHydration(page);
  const sheet = page.getByRole("article");
  await expect(sheet.getByRole("rowheader")).toHaveCount(expected.length);
  for (const person of expected) {
    const row = sheet.getByRole("row").filter({ has: page.getByRole("rowheader", { name: person.name }) });
    await expect(row).toContainText(`${person.mg} mg`);
    await expect(row.getByRole("cell").nth(1)).toHaveText(/^[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} \d{4}$/);
    for (const h of person.holds) await expect(row).toContainText(h);
  }
  const held = sheet.getByRole("row").filter({ has: page.getByRole("rowheader", { name: PARTICIPANT.name }) });
  await expect(held).toContainText(`Soft hold: ${HOLD_REASON}`);
  // She was dosed this session: the sheet says when, and when the next may be given.
  await expect(held).toContainText(/\d+ mg, [A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2}/);
  await expectNoSeriousViolations(page, "the downtime sheet");

  // Printed by Chromium: A4 landscape, the table's header on every page, no navigation.
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  // Kept with the run's output, to look at.
  await writeFile(testInfo.outputPath("downtime-sheet.pdf"), pdf);
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  expect(pdf.length).toBeGreaterThan(5_000);
  const text = await new PDFParse({ data: new Uint8Array(pdf) }).getText();
  const groups = await sheet.getByRole("heading", { level: 2 }).count();
  expect(text.total).toBeGreaterThanOrEqual(groups);
  const flat = text.text.replace(/\s+/g, " ");
  for (const person of expected) {
    expect(flat).toContain(person.name);
    for (const h of person.holds) expect(flat).toContain(h.replace(/\s+/g, " "));
  }
  expect(flat).toContain(`Soft hold: ${HOLD_REASON}`);
  expect(flat).not.toContain("Sign out");
  expect(flat).not.toContain("Print / save as PDF");
  for (const printed of text.pages) expect(printed.text).toContain("Initials");
  await page.context().close();
});
