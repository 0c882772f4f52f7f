import { expect, type Page } from "@playwright/test";

/** Demo accounts created by `npm run db:seed` (README lists them). */
export const DEMO = {
  nurse: { email: "nurse@hat.example", password: "nurse-demo-2026", name: "Nina Shah" },
  nurse2: { email: "nurse2@hat.example", password: "nurse2-demo-2026", name: "Tom Reilly" },
  prescriber: { email: "prescriber@hat.example", password: "prescriber-demo-2026", name: "Dr Amina Okafor" },
  pharmacist: { email: "pharmacist@hat.example", password: "pharmacist-demo-2026", name: "Priya Desai" },
  board: { email: "board@hat.example", password: "board-demo-2026", name: "Board Member" },
  admin: { email: "admin@hat.example", password: "admin-demo-2026", name: "Site Admin" },
} as const;

export async function signIn(page: Page, user: { email: string; password: string }) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Generous: bcrypt is deliberately slow, and a loaded CI machine slower still.
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible({ timeout: 30_000 });
}

/**
 * Saves one clinic setting through the settings screen: each field by its label, then the
 * reason. `title` is the setting's section ("Session windows (Europe/London)"). Operational
 * settings (places, session windows) are the administrator's; clinical ones (dose session
 * timing, observation, limits) the clinical lead's (DEMO.prescriber): sign in as the right one.
 */
export async function saveSetting(page: Page, title: string, fields: Record<string, string>, reason: string) {
  const section = page.getByRole("region", { name: title });
  for (const [label, value] of Object.entries(fields)) await section.getByLabel(label).fill(value);
  await section.getByLabel("Reason for the change").fill(reason);
  await section.getByRole("button", { name: `Save ${title.toLowerCase()}` }).click();
  await expect(section.getByText("Saved.")).toBeVisible();
}
