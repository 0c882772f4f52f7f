import { expect, test, type Request } from "@playwright/test";
import { DEMO, signIn } from "./support";

/**
 * No entry lost (issue 8): a form pressed before the page's script has run posts to the
 * server, never a GET with its fields in the URL.
 */

test("before the page's script has run, a form posts to the server: no field, not even a witness's PIN, goes into the URL", async ({ browser }) => {
  /** A member of staff signed in, on a tablet whose page script has not run (here: cannot run). */
  async function withoutScript(user: { email: string; password: string }) {
    const signedIn = await browser.newContext();
    await signIn(await signedIn.newPage(), user);
    const tablet = await browser.newContext({ javaScriptEnabled: false });
    await tablet.addCookies(await signedIn.cookies());
    await signedIn.close();
    return tablet;
  }

  // Every form on Today is a POST to its server action.
  const nurse = await withoutScript(DEMO.nurse);
  const today = await nurse.newPage();
  await today.goto("/today");
  await expect(today.getByRole("heading", { level: 1, name: /session · / })).toBeVisible();
  await expect(today.locator("main form")).not.toHaveCount(0);
  await expect(today.locator("main form:not([method='POST' i])")).toHaveCount(0);
  await nurse.close();

  // A witnessed receipt in the controlled-drug register, with a wrong PIN.
  const pharmacist = await withoutScript(DEMO.pharmacist);
  const page = await pharmacist.newPage();
  const navigations: Request[] = [];
  page.on("request", (request) => {
    if (request.isNavigationRequest()) navigations.push(request);
  });
  await page.goto("/register");
  const receive = page.getByRole("region", { name: "Receive stock" });
  await receive.getByLabel("Product").selectOption({ label: "Diamorphine hydrochloride 100 mg" });
  await receive.getByLabel("Batch").fill("NOJS-1");
  await receive.getByLabel("Expiry date").fill(new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10));
  await receive.getByLabel("Ampoules received").fill("5");
  await receive.getByLabel("Supplier").fill("Specials wholesaler");
  await receive.getByLabel("Witness email").fill(DEMO.nurse.email);
  await receive.getByLabel("Witness PIN").fill("0000");
  navigations.length = 0;
  await receive.getByRole("button", { name: "Record receipt" }).click();
  await page.waitForLoadState("load");

  expect(navigations.map((r) => `${r.method()} ${new URL(r.url()).pathname}${new URL(r.url()).search}`)).toEqual(["POST /register"]);
  expect(page.url()).not.toContain("?");
  // The server answered the post with the page and the refusal: nothing entered in the register.
  await expect(receive.getByRole("alert")).toHaveText("The witness's email and PIN do not match an active member of staff at this clinic.");
  await expect(page.getByText("Batch NOJS-1")).toHaveCount(0);
  await pharmacist.close();
});
