import { expect, test } from "@playwright/test";

test("the app answers and reports the database up", async ({ page, request }) => {
  const response = await request.get("/api/health");
  expect(response.ok()).toBe(true);
  const health = await response.json();
  expect(health).toMatchObject({ status: "ok", database: "up" });
  expect(health.appliedMigrations).toBeGreaterThanOrEqual(2);
  // The server's clock, for monitoring to compare with its own (this machine's, here).
  expect(Math.abs(Date.parse(health.serverTime) - Date.now())).toBeLessThan(60_000);

  await page.goto("/");
  await expect(page.getByRole("heading", { name: "HAT Clinic" })).toBeVisible();
});
