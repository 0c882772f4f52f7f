import { expect, test, type Browser, type Page } from "@playwright/test";
import { checkInAndAssess, clinicMinutes, confirmStep, DEMO, drawWitnessed, pickWitness, saveSetting, signIn } from "./support";

/**
 * The dose at the edges of a real day (issue 14), on the clock: (a) a late dose drawn minutes
 * before the next session opens is still recorded as given after it opens, and holds the
 * next session's draw 3 hours off; (b) a dose withheld after the draw waits for the
 * pharmacist's witnessed destruction, and the batch's balance then equals the count.
 *
 * The administrator sets today's windows around the time of the run: the AM session open
 * now and closing in 3 minutes, the PM session opening 3 minutes after that. This spec runs
 * before the others (playwright.config.ts), while today's sessions are still open.
 */
test.setTimeout(15 * 60_000);


const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

/** Waits until the clinic's clock reaches the start of minute `minute` (and a second more). */
async function waitForClinicMinute(page: Page, minute: number) {
  const now = new Date();
  const secondsIn = now.getSeconds() + now.getMilliseconds() / 1000;
  const wait = ((minute - clinicMinutes(now)) * 60 - secondsIn + 1) * 1000;
  if (wait > 0) await page.waitForTimeout(wait);
}

async function configureClinic(browser: Browser, m: number) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, DEMO.admin);
  await page.goto("/admin/settings");
  await saveSetting(
    page,
    "Session windows (Europe/London)",
    { "AM opens": hhmm(m - 10), "AM closes": hhmm(m + 3), "PM opens": hhmm(m + 6), "PM closes": hhmm(m + 9) },
    "End-to-end run: a late dose as the next session opens",
  );
  // Observation keeps the clinic's 20 minutes (no clinic may set under 15): below, the
  // participant leaves against advice and the nurse signs off early with the reason.
  await context.close();
}

test("a late dose drawn as the next session opens is given and spaces the next draw; a dose withheld after the draw is destroyed under witness and the batch balance equals the count", async ({ page: nursePage, browser }) => {
  let page = nursePage;
  // The windows run from 10 minutes ago to 9 minutes ahead, all today: start clear of midnight.
  let m = clinicMinutes();
  if (m < 10 || m > 1430) {
    await page.waitForTimeout((((10 - m + 1440) % 1440) + 1) * 60_000);
    m = clinicMinutes();
  }
  await configureClinic(browser, m);

  await signIn(page, DEMO.nurse);
  await expect(page.getByRole("heading", { level: 1, name: /^AM session · / })).toBeVisible();
  const waiting = page
    .getByRole("list", { name: "Participants expected" })
    .getByRole("article")
    .filter({ has: page.getByText("Waiting", { exact: true }) })
    .filter({ hasNotText: /Hard hold|Soft hold|Induction/ });
  const [withheld, late] = (await waiting.getByRole("heading", { level: 2 }).allTextContents()).slice(0, 2) as [string, string];
  expect(late).toBeTruthy();
  const expected = page.getByRole("list", { name: "Participants expected" });

  // (b) Drawn in the window, then withheld: the drawn dose is listed for witnessed destruction.
  const withheldCard = expected.getByRole("article", { name: withheld });
  await checkInAndAssess(withheldCard);
  await drawWitnessed(withheldCard);
  const drawnLine = (await withheldCard.getByText(/^Drawn: \d+ mg, batch \S+, at /).textContent())!;
  const [, drawnMg, batch] = /^Drawn: (\d+) mg, batch (\S+), at /.exec(drawnLine)!;
  await withheldCard.getByText("Not dosing: withhold").click();
  await withheldCard.getByLabel("Reason for withholding").fill("Became drowsy after the draw");
  await withheldCard.getByRole("button", { name: "Withhold dose" }).click();
  await confirmStep(page, "Yes, withhold dose", `The drawn ${drawnMg} mg is listed for witnessed destruction.`);
  await expect(withheldCard.getByText("Withheld", { exact: true })).toBeVisible();
  await expect(page.getByRole("region", { name: "Drawn doses awaiting witnessed destruction" })).toContainText(`${drawnMg} mg`);

  // (a) Checked in and assessed in the window, but not drawn before it closes.
  const lateCard = expected.getByRole("article", { name: late });
  await checkInAndAssess(lateCard);
  await waitForClinicMinute(page, m + 3);
  await page.reload();
  await expect(lateCard.getByText(/a late dose needs a prescriber's authorisation on this screen/)).toBeVisible();
  {
    const context = await browser.newContext();
    const prescriber = await context.newPage();
    await signIn(prescriber, DEMO.prescriber);
    await prescriber.goto("/today");
    const card = prescriber.getByRole("list", { name: "Participants expected" }).getByRole("article", { name: late });
    await card.getByLabel("Reason for the late dose").fill("Bus cancelled: known to staff, stable dose");
    await card.getByRole("button", { name: "Authorise late dose" }).click();
    await expect(card.getByText("Late dose authorised by a prescriber.")).toBeVisible();
    await context.close();
  }
  await page.reload();
  // Drawn at most 3 minutes before the PM session opens.
  await drawWitnessed(lateCard);
  expect(clinicMinutes()).toBeLessThan(m + 6);

  // The PM session opens: the drawn dose is not closed as withheld; it waits, unresolved, to be recorded.
  await waitForClinicMinute(page, m + 6);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: /^PM session · / })).toBeVisible();
  const unresolved = page.getByRole("region", { name: "Unresolved from an earlier session" }).getByRole("article", { name: late });
  await expect(unresolved.getByText("Dose drawn", { exact: true })).toBeVisible();
  await unresolved.getByLabel("Injection site").fill("left forearm");
  await unresolved.getByRole("button", { name: "Record dose given" }).click();
  await expect(unresolved.getByText("Under observation", { exact: true })).toBeVisible();

  // The PM draw is refused: the late dose was given minutes ago.
  const pmCard = expected.getByRole("article", { name: late });
  await checkInAndAssess(pmCard);
  await pickWitness(pmCard, DEMO.nurse2);
  await pmCard.getByRole("button", { name: "Record dose drawn" }).click();
  await expect(pmCard.getByRole("alert")).toContainText("Doses must be at least 3 hours apart");
  await expect(pmCard.getByText("Assessed", { exact: true })).toBeVisible();

  // Still under observation: the participant leaves against advice, and the late dose is
  // signed off early, with the reason, in the PM session's board.
  await expect(unresolved.getByRole("timer")).toContainText("left");
  await unresolved.getByLabel("Reason for signing off early").fill("Left against advice; alert, breathing normally, no signs of overdose");
  await unresolved.getByRole("button", { name: "Sign off" }).click();
  await expect(page.getByRole("region", { name: "Unresolved from an earlier session" })).toHaveCount(0);

  // (b) The pharmacist destroys the withheld dose under witness; the batch then counts as the register says.
  const pharmacy = await browser.newContext();
  page = await pharmacy.newPage();
  await signIn(page, DEMO.pharmacist);
  await page.goto("/register");
  const pending = page.getByRole("region", { name: "Drawn doses awaiting witnessed destruction" });
  await expect(pending).toContainText(`${drawnMg} mg`);
  await expect(pending).toContainText(`batch ${batch}`);
  await pending.getByText(`Record destruction of ${drawnMg} mg`).click();
  await pickWitness(pending, DEMO.prescriber);
  await pending.getByRole("button", { name: "Record destruction" }).click();
  await expect(pending).toHaveCount(0);

  const batchLine = new RegExp(`^Batch ${batch!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: (\\d+)`);
  const stock = page.getByRole("region", { name: "Stock" }).getByRole("listitem").filter({ has: page.getByRole("link") }).filter({ has: page.getByText(batchLine) });
  const balance = Number(batchLine.exec((await stock.getByText(batchLine).textContent())!)![1]);
  await stock.getByRole("link").click();
  const check = page.getByRole("region", { name: "Stock check" });
  await check.getByLabel("Batch").selectOption(batch!);
  await check.getByLabel("Ampoules counted").fill(String(balance));
  await pickWitness(check, DEMO.nurse);
  await check.getByRole("button", { name: "Record stock check" }).click();
  await expect(check.getByText("Stock check recorded.")).toBeVisible();
  await page.goto("/register");
  await expect(page.getByRole("region", { name: "Stock discrepancies" })).toHaveCount(0);
  await pharmacy.close();
});
