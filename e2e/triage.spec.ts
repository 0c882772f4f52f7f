import { expect, test } from "@playwright/test";
import { expectNoSeriousViolations, waitForHydration } from "./a11y";
import { DEMO, signIn } from "./support";

/**
 * Triage on Today, taking no dose step (it leaves the cohort as the dose journeys need it):
 * the search finds one card by name or reference, the status filter shows its count, and
 * both stay put when the live refresh brings a photo a prescriber has just added.
 */
test.setTimeout(3 * 60_000);

// A 1×1 PNG: the browser makes it a small JPEG before sending it.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

test("a nurse finds one person by name or reference and filters by status; a new photo arrives live and the search stays", async ({ page, browser }) => {
  await signIn(page, DEMO.nurse);
  await page.goto("/today");
  await waitForHydration(page);
  const list = page.getByRole("list", { name: "Participants expected" });
  const cards = list.getByRole("article");
  expect(await cards.count()).toBeGreaterThan(1);
  const everyone = page.getByRole("group", { name: "Show" }).getByRole("button", { name: /^All \d+$/ });
  const total = Number(/\d+$/.exec((await everyone.textContent())!)![0]);

  // The last card: the dose journeys take the first ones.
  const last = cards.last();
  const heading = last.getByRole("heading", { level: 2 });
  const name = (await heading.textContent())!;
  const participantId = (await heading.getAttribute("id"))!.replace(/^participant-/, "");
  const reference = /HAT-\d{4}/.exec((await last.textContent()) ?? "")![0];
  await expect(last.getByText(/^Born \d{1,2} \w{3} \d{4}, \d+ years old$/)).toBeVisible();

  const search = page.getByLabel("Find by name or reference");
  await search.fill(reference);
  await expect(cards).toHaveCount(1);
  await expect(list.getByRole("article", { name })).toBeVisible();
  await expect(page.getByText(`Showing 1 of ${total}.`)).toBeVisible();
  await search.fill(name.toLowerCase());
  await expect(list.getByRole("article", { name })).toBeVisible();
  await expectNoSeriousViolations(page, "Today, searched");

  // A prescriber adds the photo on the profile; the nurse's Today shows it without a reload, the search kept.
  const card = list.getByRole("article", { name });
  const hadPhoto = (await card.getByRole("img", { name: `Photo of ${name}` }).count()) > 0;
  if (!hadPhoto) await expect(card.getByText("No photo: check ID another way")).toBeVisible();
  const photoBefore = hadPhoto ? await card.getByRole("img").getAttribute("src") : null;
  const context = await browser.newContext();
  const prescriber = await context.newPage();
  await signIn(prescriber, DEMO.prescriber);
  await prescriber.goto(`/participants/${participantId}`);
  await waitForHydration(prescriber);
  const panel = prescriber.getByRole("region", { name: "Photo for the identity check" });
  await panel.getByLabel(hadPhoto ? "New photo" : "Photo", { exact: true }).setInputFiles({ name: "face.png", mimeType: "image/png", buffer: PNG });
  await expect(panel.getByRole("img", { name: "The photo to be saved" })).toBeVisible();
  await panel.getByRole("button", { name: hadPhoto ? "Replace photo" : "Add photo" }).click();
  await expect(panel.getByText("Saved: the new photo is shown on Today.")).toBeVisible();
  await expect(panel.getByRole("img", { name: `Photo of ${name}` })).toBeVisible();
  await context.close();

  const photo = card.getByRole("img", { name: `Photo of ${name}` });
  await expect(photo).toBeVisible({ timeout: 15_000 });
  if (photoBefore) await expect(photo).not.toHaveAttribute("src", photoBefore);
  await expect(search).toHaveValue(name.toLowerCase());
  await expect(cards).toHaveCount(1);
  const response = await page.request.get((await photo.getAttribute("src"))!);
  expect(response.headers()["content-type"]).toBe("image/jpeg");
  expect(response.headers()["cache-control"]).toBe("private, no-store");

  // The status filter: its count is the number of cards it shows.
  await search.fill("");
  const waiting = page.getByRole("group", { name: "Show" }).getByRole("button", { name: /^Waiting \d+$/ });
  const count = Number(/\d+$/.exec((await waiting.textContent())!)![0]);
  await waiting.click();
  await expect(waiting).toHaveAttribute("aria-pressed", "true");
  await expect(cards).toHaveCount(count);
  await expectNoSeriousViolations(page, "Today, filtered by status");
  await everyone.click();
  await expect(everyone).toHaveAttribute("aria-pressed", "true");
  await expect(waiting).toHaveAttribute("aria-pressed", "false");
});
