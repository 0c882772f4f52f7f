import { expect, test } from "@playwright/test";
import { DEMO, pickWitness, signIn } from "./support";

test("a pharmacist receives stock with a witness, and a stock check of that batch on its product's register with a discrepancy raises an alert for the pharmacist and on the board's operations view", async ({ page, browser }) => {
  await signIn(page, DEMO.pharmacist);
  await expect(page.getByRole("heading", { level: 1, name: "Controlled-drug register" })).toBeVisible();

  const receive = page.getByRole("region", { name: "Receive stock" });
  await receive.getByLabel("Product").selectOption({ label: "Diamorphine hydrochloride 100 mg" });
  await receive.getByLabel("Batch").fill("E2E-100");
  // Well in date whenever the spec runs: an expired batch is refused at receipt.
  await receive.getByLabel("Expiry date").fill(new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10));
  await receive.getByLabel("Ampoules received").fill("40");
  await receive.getByLabel("Supplier").fill("Specials wholesaler");
  await pickWitness(receive, DEMO.nurse);
  await receive.getByRole("button", { name: "Record receipt" }).click();
  await expect(receive.getByText("Receipt entered in the register.")).toBeVisible();
  await expect(page.getByText("Batch E2E-100: 40")).toBeVisible();

  // Stock checks are made on the product's own register, choosing the batch from those it holds.
  await page.getByRole("link", { name: /Diamorphine hydrochloride 100 mg/ }).click();
  const check = page.getByRole("region", { name: "Stock check" });
  await check.getByLabel("Batch").selectOption("E2E-100");
  await check.getByLabel("Ampoules counted").fill("39");
  await check.getByLabel("Notes or investigation (optional)").fill("One ampoule unaccounted for");
  await pickWitness(check, DEMO.nurse2);
  await check.getByRole("button", { name: "Record stock check" }).click();
  await expect(check.getByText("Stock check recorded.")).toBeVisible();
  await page.goto("/register");
  await expect(page.getByRole("alert").filter({ hasText: "Stock discrepancy" })).toContainText("batch E2E-100: register 40, counted 39 (-1)");

  // The board's operations view raises it too, without naming the staff who counted.
  const boardContext = await browser.newContext();
  const board = await boardContext.newPage();
  await signIn(board, DEMO.board);
  await expect(board.getByRole("alert").filter({ hasText: "Stock discrepancy under investigation" })).toContainText("1 controlled-drug batch did not match");
  const operations = board.getByRole("region", { name: "Operations: controlled-drug stock" });
  await expect(operations.getByRole("row").filter({ hasText: "batch E2E-100" })).toContainText("register 40, counted 39 (-1)");
  await expect(operations).not.toContainText(DEMO.nurse2.name);
  await boardContext.close();

  await page.getByRole("link", { name: /Diamorphine hydrochloride 100 mg/ }).click();
  const row = page.getByRole("row").filter({ hasText: "E2E-100" });
  await expect(row.first()).toContainText("From Specials wholesaler");
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  expect((await download).suggestedFilename()).toMatch(/^register-100mg-\d{4}-\d{2}-\d{2}\.csv$/);
});
