import { expect, test } from "@playwright/test";
import { DEMO, pickWitness, signIn } from "./support";

/** A date as the clinic types it, day first (dd/mm/yyyy), whatever the browser's locale. */
const ukDate = (at: Date) => `${String(at.getUTCDate()).padStart(2, "0")}/${String(at.getUTCMonth() + 1).padStart(2, "0")}/${at.getUTCFullYear()}`;

test("a pharmacist receives stock with a witness, and a stock check of that batch on its product's register with a discrepancy raises an alert for the pharmacist and on the board's operations view", async ({ page, browser }) => {
  await signIn(page, DEMO.pharmacist);
  await expect(page.getByRole("heading", { level: 1, name: "Controlled-drug register" })).toBeVisible();

  const receive = page.getByRole("region", { name: "Receive stock" });
  await receive.getByLabel("Product").selectOption({ label: "Diamorphine hydrochloride 100 mg" });
  await receive.getByLabel("Batch").fill("E2E-100");
  // Dates are typed day first; an impossible one is refused with the reason and nothing is entered.
  const expiry = new Date(Date.now() + 400 * 86_400_000);
  await receive.getByLabel("Expiry date").fill(`31/02/${expiry.getUTCFullYear()}`);
  await receive.getByLabel("Ampoules received").fill("40");
  await receive.getByLabel("Supplier").fill("Specials wholesaler");
  await pickWitness(receive, DEMO.nurse);
  await receive.getByRole("button", { name: "Record receipt" }).click();
  await expect(receive.getByText(`There is no 31 February ${expiry.getUTCFullYear()}: February ${expiry.getUTCFullYear()} has`)).toBeVisible();
  // Well in date whenever the spec runs: an expired batch is refused at receipt.
  await receive.getByLabel("Expiry date").fill(ukDate(expiry));
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
  // The check joins the product's history, and the next one falls due a week on (a date with its year).
  await page.reload();
  const history = page.getByRole("region", { name: "Stock-check history" });
  await expect(history.getByRole("row").filter({ hasText: "E2E-100" }).first().getByRole("cell")).toHaveText([
    /^\w{3} \d{1,2} \w{3} \d{4}, \d{2}:\d{2}$/,
    "E2E-100",
    "40",
    "39",
    "-1",
    DEMO.pharmacist.name,
    DEMO.nurse2.name,
    "One ampoule unaccounted for",
  ]);
  await expect(page.getByText(/Next stock check due \w{3} \d{1,2} \w{3} \d{4}|Stock check (due today|overdue)/)).toBeVisible();
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
  await expect(operations.getByRole("table", { name: /Next stock check, as of today/ }).getByRole("row").filter({ hasText: "Diamorphine hydrochloride 100 mg" })).toContainText(/7 days/);
  await boardContext.close();

  await page.getByRole("link", { name: /Diamorphine hydrochloride 100 mg/ }).click();
  const row = page.getByRole("row").filter({ hasText: "E2E-100" });
  await expect(row.first()).toContainText("From Specials wholesaler");
  // The register's dates always carry the year.
  await expect(row.first().getByRole("cell").first()).toHaveText(/^\w{3} \d{1,2} \w{3} \d{4}, \d{2}:\d{2}$/);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  expect((await download).suggestedFilename()).toMatch(/^register-100mg-\d{4}-\d{2}-\d{2}\.csv$/);

  // The paper layout, printed: one page per product, the heading and columns repeated on each page, no navigation.
  await page.getByRole("link", { name: "Printable register page" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Controlled-drug register: print" })).toBeVisible();
  const sheet = page.getByRole("region", { name: /^Register: Diamorphine hydrochloride 100 mg ampoule/ });
  await expect(sheet.getByRole("columnheader", { name: "Name and address of supplier, or person supplied (prescriber)" })).toBeVisible();
  await expect(sheet.getByRole("row").filter({ hasText: "E2E-100" }).first()).toContainText("Specials wholesaler");
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  await expect(page.getByRole("button", { name: "Print / save as PDF" })).toBeHidden();
  await expect(sheet).toBeVisible();
  expect(await sheet.locator("thead").evaluate((head) => getComputedStyle(head).display)).toBe("table-header-group");
});
