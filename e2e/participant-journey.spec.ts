import { expect, test, type Page } from "@playwright/test";
import { confirmStep, DEMO, signIn } from "./support";

/** "Tue 1 Dec 2026" for "2026-12-01", as the app writes dates. */
function formatted(date: string): string {
  const at = new Date(`${date}T12:00:00Z`);
  const part = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", ...options }).format(at);
  return `${part({ weekday: "short" })} ${part({ day: "numeric" })} ${part({ month: "short" })} ${part({ year: "numeric" })}`;
}

async function submit(page: Page, panel: string, button: string) {
  await page.getByRole("region", { name: panel }).getByRole("button", { name: button }).click();
}

test("a prescriber refers, assesses, enrols, breaks, returns and exits a person; the timeline shows each step", async ({ page }) => {
  await signIn(page, DEMO.prescriber);
  await page.getByRole("link", { name: "Participants" }).click();
  await page.getByRole("link", { name: "Record a referral" }).click();

  // Bad input first: field-level messages and nothing saved.
  await page.getByRole("button", { name: "Record referral" }).click();
  await expect(page.getByText("Some answers need correcting. Nothing was saved.")).toBeVisible();
  await expect(page.getByText("Enter a given name.")).toBeVisible();
  await expect(page.getByLabel("Given name")).toBeFocused();

  await page.getByLabel("Given name").fill("Jordan");
  await page.getByLabel("Family name").fill("Testwell");
  await page.getByLabel("Date of birth").fill("1979-03-14");
  await page.getByLabel("Referring agency").selectOption({ label: "Probation" });
  await page.getByLabel("Reason for referral").fill("Injecting daily despite two methadone programmes");
  await page.getByRole("button", { name: "Record referral" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Jordan Testwell" })).toBeVisible();
  await expect(page.getByText("Referred, awaiting assessment")).toBeVisible();

  const assessment = page.getByRole("region", { name: "Assessment" });
  await assessment.getByLabel("Years of heroin dependency").fill("14");
  await assessment.getByLabel("Earlier treatments that failed").fill("2");
  await assessment.getByLabel("Which treatments, and why they failed").fill("Methadone 2015 and 2019: continued injecting");
  await assessment.getByLabel("Days injecting in the last 90").fill("85");
  await assessment.getByLabel("Outcome").selectOption({ label: "Accept onto the waiting list" });
  await submit(page, "Assessment", "Record assessment");
  await expect(page.getByText("On the waiting list")).toBeVisible();

  await submit(page, "Enrolment", "Enrol");
  await expect(page.getByText("Active", { exact: true })).toBeVisible();

  // The profile opens with the clinical summary; the steps that cannot be undone are closed below it.
  await expect(page.getByRole("region", { name: "Clinical summary" })).toContainText("None in force");
  const breakPanel = page.getByRole("region", { name: "Temporary break" });
  await expect(breakPanel.getByLabel("Reason for the break")).toBeHidden();
  await breakPanel.getByText("Start a break…").click();
  await breakPanel.getByLabel("Reason for the break").selectOption({ label: "In hospital" });
  await submit(page, "Temporary break", "Start break");
  await confirmStep(page, "Yes, start break", "Start a break for Jordan Testwell?");
  await expect(page.getByText("On a temporary break")).toBeVisible();

  await submit(page, "Return from break", "Record return");
  await expect(page.getByText("Active", { exact: true })).toBeVisible();

  // Exit: behind a button, the date typed (never assumed), and asked again by name before it is recorded.
  const exit = page.getByRole("region", { name: "Exit" });
  await expect(exit.getByLabel("Exit date")).toBeHidden();
  await exit.getByText("Record an exit…").click();
  await expect(exit.getByLabel("Exit date")).toHaveValue("");
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());
  await exit.getByLabel("Exit date").fill(today);
  await exit.getByLabel("Exit reason").selectOption({ label: "Moved away" });
  await exit.getByLabel("Planned exit?").selectOption({ label: "No" });
  await submit(page, "Exit", "Record exit");
  const dialog = page.getByRole("alertdialog", { name: "Record Jordan Testwell's exit?" });
  await expect(dialog).toContainText(`Their episode of treatment ends on ${formatted(today)}. From that day no dose can be given until they are referred, assessed and enrolled again.`);
  // Focus starts on Cancel: Enter pressed out of habit records nothing.
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(dialog).toHaveCount(0);
  await expect(exit.getByRole("button", { name: "Record exit" })).toBeFocused();
  // Escape cancels too; nothing was recorded either time.
  await exit.getByRole("button", { name: "Record exit" }).press("Enter");
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await page.reload();
  await expect(page.getByText("Active", { exact: true })).toBeVisible();
  await expect(page.getByText("Exited:")).toHaveCount(0);

  await exit.getByText("Record an exit…").click();
  await exit.getByLabel("Exit date").fill(today);
  await exit.getByLabel("Exit reason").selectOption({ label: "Moved away" });
  await exit.getByLabel("Planned exit?").selectOption({ label: "No" });
  await submit(page, "Exit", "Record exit");
  await confirmStep(page, "Yes, record exit", "Record Jordan Testwell's exit?");
  await expect(page.getByText("Exited", { exact: true })).toBeVisible();

  const timeline = page.getByRole("list").filter({ hasText: "Referred by Probation" });
  for (const step of [
    "Referred by Probation",
    "Assessed: accepted onto the waiting list",
    "Enrolled",
    "Break started: In hospital",
    "Returned from break",
    "Exited: Moved away (unplanned)",
  ]) {
    await expect(timeline.getByText(step)).toBeVisible();
  }
});

test("a nurse can read participants but not record a referral", async ({ page }) => {
  await signIn(page, DEMO.nurse);
  await page.goto("/participants");
  await expect(page.getByRole("heading", { name: "Participants" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Record a referral" })).toHaveCount(0);
  const response = await page.goto("/participants/new");
  expect(response?.status()).toBe(403);
});
