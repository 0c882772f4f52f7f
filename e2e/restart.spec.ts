import { expect, test } from "@playwright/test";
import { checkInAndAssess, DEMO, drawWitnessed, everyHourALatePmSession, signIn } from "./support";

/**
 * Issue 15: a restart after lost tolerance. Someone back from a break of 12 or more days
 * (the demo has two people on a break) has a hard hold; the prescriber's form shows the last
 * dose given and how long ago, and proposes half of it; a full-dose restart without a reason
 * is refused, the reduced one is accepted, and the nurse doses it. Any hour: the windows
 * make every hour a late PM session, as in today.spec.ts.
 */
test.setTimeout(5 * 60_000);


test("a prescriber restarts someone back from a long break at a reduced dose, not the full one without a reason, and the nurse doses it", async ({ page, browser }) => {
  await everyHourALatePmSession(browser, (ms) => page.waitForTimeout(ms));

  await signIn(page, DEMO.prescriber);
  await page.goto("/participants?status=ON_BREAK");
  // The last person on a break: the accessibility run holds the first.
  await page.getByRole("main").getByRole("listitem").last().getByRole("link").click();
  await expect(page.getByRole("region", { name: "Return from break" })).toBeVisible();
  const name = (await page.getByRole("heading", { level: 1 }).textContent())!;
  await page.getByRole("region", { name: "Return from break" }).getByRole("button", { name: "Record return" }).click();
  await expect(page.getByText("Active", { exact: true })).toBeVisible();

  await page.getByRole("main").getByRole("link", { name: "Prescribing" }).click();
  await expect(page.getByRole("region", { name: "Open holds" })).toContainText("Back from a");
  await expect(page.getByRole("region", { name: "Open holds" })).toContainText("cleared only by a restart prescription");
  const facts = page.getByRole("note").filter({ hasText: "Restart after a gap" });
  await expect(facts).toContainText(/Last dose given: AM \d+ mg on .+ \(\d+ days ago\)/);
  const current = await page.getByRole("region", { name: "Current prescription" }).innerText();
  const [, am, pm] = /AM (\d+) mg, PM (\d+) mg/.exec(current)!;
  const [, proposedAm, proposedPm] = /Proposed restart at 50% of it: AM (\d+) mg, PM (\d+) mg/.exec((await facts.textContent())!)!;
  await expect(page.getByLabel("AM dose (mg)")).toHaveValue(proposedAm!);
  await expect(page.getByLabel("PM dose (mg)")).toHaveValue(proposedPm!);

  // The full pre-break dose without a reason: flagged as you type, refused by the server.
  await page.getByLabel("AM dose (mg)").fill(am!);
  await page.getByLabel("PM dose (mg)").fill(pm!);
  await expect(page.getByText(/restarts at or above the \d+ mg given before the gap/).first()).toBeVisible();
  await page.getByLabel("Reason for this prescription").fill("Back from a break");
  await page.getByRole("button", { name: "Save prescription" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "restarts at or above" })).toBeVisible();

  // The proposed restart: accepted, and the hold is cleared with it.
  await page.getByLabel("AM dose (mg)").fill(proposedAm!);
  await page.getByLabel("PM dose (mg)").fill(proposedPm!);
  await page.getByLabel("Reason for this prescription").fill("Restart at half after a long break");
  await page.getByRole("button", { name: "Save prescription" }).click();
  await expect(page.getByText("Prescription saved.")).toBeVisible();
  await expect(page.getByRole("region", { name: "Open holds" })).toHaveCount(0);

  // The nurse doses the restart, late in the PM session: the prescriber authorises it first.
  const nurse = await browser.newContext();
  const floor = await nurse.newPage();
  await signIn(floor, DEMO.nurse);
  await floor.goto("/today");
  const card = floor.getByRole("list", { name: "Participants expected" }).getByRole("article", { name });
  await expect(card.getByText(`${proposedPm} mg prescribed (PM)`)).toBeVisible();
  await checkInAndAssess(card);

  await page.goto("/today");
  const prescriberCard = page.getByRole("list", { name: "Participants expected" }).getByRole("article", { name });
  await prescriberCard.getByLabel("Reason for the late dose").fill("Restart after a break: seen today");
  await prescriberCard.getByRole("button", { name: "Authorise late dose" }).click();
  await expect(prescriberCard.getByText("Late dose authorised by a prescriber.")).toBeVisible();

  await floor.reload();
  await expect(card.getByLabel("Dose drawn (mg)")).toHaveValue(proposedPm!);
  await drawWitnessed(card);
  await card.getByLabel("Injection site").fill("left forearm");
  await card.getByRole("button", { name: "Record dose given" }).click();
  await expect(card.getByText("Under observation", { exact: true })).toBeVisible();
  // The participant leaves against advice: signed off early with the reason, so the session can close later.
  await card.getByLabel("Reason for signing off early").fill("Left against advice; alert, breathing normally");
  await card.getByRole("button", { name: "Sign off" }).click();
  await expect(card.getByText("Signed off", { exact: true })).toBeVisible();
  await nurse.close();
});
