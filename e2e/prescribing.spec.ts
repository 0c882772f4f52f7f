import { expect, test } from "@playwright/test";
import { expectNoSeriousViolations } from "./a11y";
import { DEMO, signIn } from "./support";

test("a prescriber raises a dose within limits, is refused above the hard limit, and clears a hard hold with a reduced dose", async ({ page }) => {
  await signIn(page, DEMO.prescriber);
  await page.goto("/participants?status=ACTIVE");
  await page.getByRole("main").getByRole("listitem").first().getByRole("link").click();
  await page.getByRole("main").getByRole("link", { name: "Prescribing" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Prescribing: / })).toBeVisible();

  // The dose chart, to scale, and the same sessions as a table: what was prescribed and what was given.
  const chart = page.getByRole("region", { name: "Doses over time" });
  await expect(chart.getByRole("img", { name: /^Chart of prescribed AM and PM doses and of the doses given, partial, missed/ })).toBeVisible();
  await chart.getByText(/^Sessions as a table/).click();
  await expect(chart.getByRole("row").filter({ has: page.getByRole("cell", { name: "Given", exact: true }) }).first()).toBeVisible();
  await expectNoSeriousViolations(page, "Prescribing, the dose chart and its table");

  const text = await page.getByRole("region", { name: "Current prescription" }).innerText();
  const [, am, pm] = /AM (\d+) mg, PM (\d+) mg/.exec(text) ?? [];
  const raised = { am: Math.floor(Number(am) * 1.2), pm: Math.floor(Number(pm) * 1.2) };

  // Within limits: the form says so as you type, and the server agrees.
  await page.getByLabel("AM dose (mg)").fill(String(raised.am));
  await page.getByLabel("PM dose (mg)").fill(String(raised.pm));
  await expect(page.getByText("Within the clinic's limits.")).toBeVisible();
  await page.getByLabel("Reason for this prescription").fill("Still using on top; titrating up");
  await page.getByRole("button", { name: "Save prescription" }).click();
  await expect(page.getByText("Prescription saved.")).toBeVisible();
  await expect(page.getByText(`AM ${raised.am} mg, PM ${raised.pm} mg`).first()).toBeVisible();

  // Above the hard limit: shown as not allowed, and refused by the server even with a reason.
  await page.getByLabel("AM dose (mg)").fill("500");
  await page.getByLabel("PM dose (mg)").fill(String(raised.pm));
  await expect(page.getByText(/Not allowed: AM dose 500 mg is above the maximum single dose of 450 mg/)).toBeVisible();
  await page.getByLabel("Reason for this prescription").fill("Trying more");
  await page.getByLabel("Reason for going beyond a soft limit (only if needed)").fill("Very high tolerance");
  await page.getByRole("button", { name: "Save prescription" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "maximum single dose of 450 mg" })).toBeVisible();

  // A hard hold, then a review that clears it with a reduced dose.
  await page.getByLabel("Kind of hold").selectOption("HARD");
  await page.getByLabel("Reason", { exact: true }).fill("Very drowsy after the last PM dose");
  await page.getByRole("button", { name: "Place hold" }).click();
  await expect(page.getByRole("heading", { name: "Open holds" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Review and new prescription (clears the hold)" })).toBeVisible();

  const reduced = { am: Math.floor(raised.am * 0.75), pm: Math.floor(raised.pm * 0.75) };
  await page.getByLabel("AM dose (mg)").fill(String(reduced.am));
  await page.getByLabel("PM dose (mg)").fill(String(reduced.pm));
  await page.getByLabel("Reason for this prescription").fill("Reduced by a quarter after review of sedation");
  await page.getByRole("button", { name: "Save prescription" }).click();
  await expect(page.getByText("Prescription saved.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Open holds" })).toHaveCount(0);
  await expect(page.getByText(`AM ${reduced.am} mg, PM ${reduced.pm} mg`).first()).toBeVisible();
});
