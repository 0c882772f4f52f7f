import { expect, request as newRequest, test, type Page } from "@playwright/test";
import { DEMO, signIn } from "./support";

/**
 * Issue 16, findings 7 and 9, through the real server: a form over the body limit is answered
 * 413 with a message beside the form, which keeps what was typed; an action call that is not
 * a form is answered 400; a 20 MB post is refused before anyone signs in; and refusals, views
 * of a participant's record and exports appear in the audit trail.
 */

// The text of src/domain/request-limits.ts, as the person sees it.
const FORM_TOO_LARGE = "Not saved: what was sent is larger than 1 MB. Shorten the longest answer and press again; what you typed is still here.";
const NOT_A_FORM = "Not saved: the request was not a form from this system.";

async function places(page: Page): Promise<string> {
  await page.goto("/admin/settings");
  return page.getByRole("region", { name: "Places" }).getByLabel("Places").inputValue();
}

test("a form over 1 MB is answered 413 with a message, and keeps what was typed", async ({ page }) => {
  await signIn(page, DEMO.admin);
  const original = await places(page);
  await page.waitForLoadState("networkidle");
  const region = page.getByRole("region", { name: "Places" });
  const reason = `${"A very long reason. ".repeat(60_000)}End.`;
  await region.getByLabel("Places").fill(String(Number(original) + 3));
  await region.getByLabel("Reason for the change").fill(reason);
  const answered = page.waitForResponse((response) => response.request().method() === "POST" && response.url().includes("/admin/settings"));
  await region.getByRole("button", { name: "Save places" }).click();
  expect((await answered).status()).toBe(413);
  await expect(region.getByText(FORM_TOO_LARGE)).toBeVisible();
  expect(await region.getByLabel("Reason for the change").inputValue()).toBe(reason);
  expect(await region.getByLabel("Places").inputValue()).toBe(String(Number(original) + 3));
  expect(await places(page)).toBe(original);
});

test("a server-action call that is not a form is answered 400 with the pipeline's refusal, not 500", async ({ page }) => {
  await signIn(page, DEMO.admin);
  await page.goto("/admin/settings");
  await page.waitForLoadState("networkidle");
  // The settings form's action id, from a real submission stopped on its way out.
  let actionId: string | null = null;
  await page.route("**/admin/settings", async (route) => {
    const headers = await route.request().allHeaders();
    if (route.request().method() !== "POST" || !headers["next-action"]) return route.continue();
    actionId = headers["next-action"];
    await route.abort();
  });
  const region = page.getByRole("region", { name: "Places" });
  await region.getByLabel("Reason for the change").fill("Probe, never sent");
  await region.getByRole("button", { name: "Save places" }).click();
  await expect.poll(() => actionId).not.toBeNull();
  await page.unroute("**/admin/settings");
  for (const [type, body] of [
    ["text/plain;charset=UTF-8", '[null,"hello"]'],
    ["application/json", '{"form":1}'],
  ] as const) {
    const response = await page.request.post("/admin/settings", {
      headers: { "next-action": actionId!, "content-type": type, origin: new URL(page.url()).origin },
      data: body,
    });
    expect(response.status(), type).toBe(400);
    expect(await response.text()).toBe(NOT_A_FORM);
  }
});

test("a 20 MB post from nobody is refused 413 before any session check", async ({ baseURL }) => {
  const anonymous = await newRequest.newContext({ baseURL });
  const response = await anonymous.post("/today", {
    headers: { "next-action": "0".repeat(42), "content-type": "multipart/form-data; boundary=x" },
    data: Buffer.alloc(20 * 1024 * 1024, 120),
  });
  expect(response.status()).toBe(413);
  await anonymous.dispose();
});

test("refusals, views of a participant's record and exports are in the audit trail", async ({ browser }) => {
  const nurse = await browser.newPage();
  await signIn(nurse, DEMO.nurse);
  expect((await nurse.goto("/admin/audit"))?.status()).toBe(403);
  expect((await nurse.request.get("/api/board/figures.csv")).status()).toBe(403);
  await nurse.goto("/participants");
  await nurse.getByRole("main").getByRole("link", { name: /HAT-\d{4}/ }).first().click();
  await nurse.waitForURL(/\/participants\/[^/]+$/);
  const participantPath = new URL(nurse.url()).pathname;
  expect((await nurse.request.get("/api/ndtms/top")).status()).toBe(200);
  await nurse.close();

  const admin = await browser.newPage();
  await signIn(admin, DEMO.admin);
  const rows = async (action: string) => {
    await admin.goto(`/admin/audit?action=${action}`);
    return admin.getByRole("row").filter({ hasText: DEMO.nurse.email });
  };
  await expect((await rows("access.refused")).filter({ hasText: "/admin/audit" })).not.toHaveCount(0);
  await expect((await rows("access.refused")).filter({ hasText: "/api/board/figures.csv" })).not.toHaveCount(0);
  await expect((await rows("participant.view")).filter({ hasText: '"page":"profile"' })).not.toHaveCount(0);
  await expect((await rows("export.download")).filter({ hasText: "Export" })).not.toHaveCount(0);
  expect(participantPath).toMatch(/^\/participants\//);
  await admin.close();
});
