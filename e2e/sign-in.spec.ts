import { expect, test } from "@playwright/test";
import { DEMO, signIn } from "./support";

const HOMES = [
  { user: DEMO.nurse, path: "/today", heading: /session/ },
  { user: DEMO.prescriber, path: "/prescribing", heading: "Prescribing" },
  { user: DEMO.pharmacist, path: "/register", heading: "Controlled-drug register" },
  { user: DEMO.board, path: "/board", heading: "Outcomes" },
  { user: DEMO.admin, path: "/admin", heading: "Users" },
];

for (const { user, path, heading } of HOMES) {
  test(`${user.email} signs in and lands on ${path}`, async ({ page }) => {
    await signIn(page, user);
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await expect(page.getByRole("banner").getByText(user.name)).toBeVisible();
  });
}

test("a nurse opening an admin page gets 403 and sees no user data", async ({ page }) => {
  await signIn(page, DEMO.nurse);
  const response = await page.goto("/admin");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "403: not allowed" })).toBeVisible();
  await expect(page.getByText(DEMO.admin.email)).toHaveCount(0);
});

test("signing out ends the session", async ({ page }) => {
  await signIn(page, DEMO.nurse);
  // The sign-out button needs the page's script: wait until it has loaded.
  await page.waitForLoadState("networkidle");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/today");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Ftoday/);
});

test("a wrong password gets a message that does not say whether the account exists", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill("nobody@hat.example");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Sign-in failed" })).toHaveText("Sign-in failed. Check your email and password.");
});

test("the signed-out get 401 from the audit export", async ({ request }) => {
  const response = await request.get("/api/admin/audit", { maxRedirects: 0 });
  expect(response.status()).toBe(401);
});
