import { expect, test } from "@playwright/test";
import { waitForHydration } from "./a11y";
import { DEMO, signIn } from "./support";

// Issue 16, finding 2: a witness PIN locks after five wrong PINs, whoever the email names.
// An email that names nobody is used, so no demo account is locked for the other specs: the
// answers are the same as for a real witness, which is the point.
test("a witness PIN is locked after five wrong PINs, with the same answers whether or not the email names anyone", async ({ page }) => {
  await signIn(page, DEMO.pharmacist);
  await page.getByRole("link", { name: /Diamorphine hydrochloride 100 mg/ }).click();
  // "Someone else" sends what its search names once the page's script runs.
  await waitForHydration(page);
  const check = page.getByRole("region", { name: "Stock check" });
  await check.getByLabel("Batch").selectOption({ index: 1 });
  await check.getByLabel("Ampoules counted").fill("1");
  await check.getByRole("radio", { name: "Someone else" }).check();
  await check.getByLabel("Someone else: their name or email").fill("nobody.here@hat.example");
  for (let i = 0; i < 5; i++) {
    await check.getByLabel("Witness's PIN").fill(`90817${i}`);
    await check.getByRole("button", { name: "Record stock check" }).click();
    await expect(check.getByRole("alert")).toHaveText("The witness's email and PIN do not match an active member of staff at this clinic.");
  }
  await check.getByLabel("Witness's PIN").fill("908179");
  await check.getByRole("button", { name: "Record stock check" }).click();
  await expect(check.getByRole("alert")).toHaveText(/^Too many wrong PINs for this witness: their PIN is locked until \d\d:\d\d\. Ask another colleague to witness\.$/);
});

test("a member of staff sets their own witness PIN from My account, with their password, and a trivial PIN is refused", async ({ page }) => {
  await signIn(page, DEMO.nurse2);
  await page.goto("/account");
  await page.getByRole("link", { name: "Change my witness PIN" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "My witness PIN" })).toBeVisible();
  await page.getByLabel("Your password").fill(DEMO.nurse2.password);
  await page.getByLabel("New PIN", { exact: true }).fill("654321");
  await page.getByLabel("Repeat new PIN").fill("654321");
  await page.getByRole("button", { name: "Change PIN" }).click();
  await expect(page.getByText("A run of digits is guessed first: choose another PIN.")).toBeVisible();
  // The same PIN again: the demo's witness keeps the PIN the other specs type.
  await page.getByLabel("Your password").fill(DEMO.nurse2.password);
  await page.getByLabel("New PIN", { exact: true }).fill(DEMO.nurse2.pin);
  await page.getByLabel("Repeat new PIN").fill(DEMO.nurse2.pin);
  await page.getByRole("button", { name: "Change PIN" }).click();
  await expect(page.getByText("Witness PIN saved.")).toBeVisible();
});
