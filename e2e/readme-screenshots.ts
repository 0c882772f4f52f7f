import { expect, test } from "@playwright/test";
import { DEMO, signIn } from "./support";

/**
 * The README's screenshots, taken from the demo cohort at a tablet's 1024×768:
 * `npm run screenshots` (a production build first, as for the e2e journeys). Not part of
 * `npm run test:e2e`: playwright.config.ts adds this project only when SCREENSHOTS=1.
 */
test.use({ viewport: { width: 1024, height: 768 } });

test("Today on a tablet", async ({ page }) => {
  await signIn(page, DEMO.nurse);
  await page.goto("/today");
  await expect(page.getByRole("list", { name: "Participants expected" })).toBeVisible();
  await page.screenshot({ path: "docs/today-tablet.png" });
});

test("the prescriber's participant summary", async ({ page }) => {
  await signIn(page, DEMO.prescriber);
  await page.goto("/participants");
  await page.getByRole("link", { name: /Dean Orwin/ }).first().click();
  await expect(page.getByRole("heading", { name: /Dean Orwin/ }).first()).toBeVisible();
  await page.screenshot({ path: "docs/participant-summary.png" });
});

test("the board report", async ({ page }) => {
  await signIn(page, DEMO.board);
  await page.goto("/board/report");
  await expect(page.getByRole("heading", { name: "Outcomes report" })).toBeVisible();
  await page.screenshot({ path: "docs/board-report.png" });
});
