import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { DEMO, signIn } from "./support";

// Identities in the demo seed (src/db/seed.ts): no reference or family name may appear on a board page or export.
const FAMILY_NAMES = [
  "Ashcombe", "Marwood", "Brannigan", "Corrigan", "Pellow", "Dunmore", "Holloway", "Thirkell", "Rudd",
  "Stainsby", "Kilburn", "Grieves", "Lazenby", "Orwin", "Fenwick", "Peverell", "Wetherall", "Skelton",
];
const IDENTIFYING = [/HAT-\d{4}/, ...FAMILY_NAMES.map((name) => new RegExp(name, "i"))];

test("a board member sees the outcomes dashboard with charts, cannot open participant pages, and downloads the figures", async ({ page }) => {
  await signIn(page, DEMO.board);
  await page.goto("/board");
  await expect(page.getByRole("heading", { level: 1, name: "Outcomes" })).toBeVisible();
  await expect(page.getByText("Session attendance")).toBeVisible();

  // Each figure's definition opens from the keyboard beside it (issue 17).
  const definition = page.getByText("How “Sessions dosed of expected” is counted").first();
  await definition.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByText("Dosed and partly dosed sessions").first()).toBeVisible();

  for (const heading of ["Retention", "Status of everyone ever enrolled", "Attendance and urine screens by month", "Offending before and during the programme"]) {
    const section = page.getByRole("region", { name: heading });
    await expect(section.getByRole("img").locator("svg").first()).toBeVisible();
  }
  await expect(page.locator(".recharts-line-curve").first()).toBeVisible();
  // Bar series are drawn; their bars may all be hidden by disclosure control in a period
  // in progress (a count that moved by one or two since the last month end hides what rests on it).
  await expect(page.locator(".recharts-bar").first()).toBeAttached();

  // Every chart has its table.
  const offending = page.getByRole("region", { name: "Offending before and during the programme" });
  await offending.getByText("Show as a table").click();
  await expect(offending.getByRole("rowheader", { name: "Median severity (Crime Harm Index days)" }).first()).toBeVisible();

  // The board chooses a reporting period, which travels in the URL; a malformed one, or one
  // that has not started, is reported, not guessed.
  const firstQuarter = await page.getByLabel("Reporting period").locator("optgroup[label^='Financial quarters'] option").last().getAttribute("value");
  await page.getByLabel("Reporting period").selectOption(firstQuarter!);
  await page.getByRole("button", { name: "Show figures" }).click();
  await expect(page).toHaveURL(new RegExp(`period=${firstQuarter}`));
  await expect(page.getByRole("link", { name: "Download CSV" })).toHaveAttribute("href", new RegExp(`period=${firstQuarter}`));
  await page.goto("/board?period=not-a-period");
  await expect(page.getByRole("alert").filter({ hasText: "Choose a month" })).toBeVisible();
  await page.goto("/board?period=FY2099-00");
  await expect(page.getByRole("alert").filter({ hasText: "has not started yet" })).toBeVisible();

  const body = await page.locator("body").innerText();
  for (const pattern of IDENTIFYING) expect(body).not.toMatch(pattern);

  await page.goto("/board");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^board-figures-FY\d{4}-\d{2}\.csv$/);
  const csv = fs.readFileSync((await download.path())!, "utf8");
  expect(csv.startsWith("Section,Measure,Group,Value,Note\r\n")).toBe(true);
  expect(csv).toContain("Report,Site,,All sites");
  expect(csv).toContain("Negative for street heroin");
  expect(csv).toContain("Definitions,Sessions dosed of expected,in the period,");
  for (const pattern of IDENTIFYING) expect(csv).not.toMatch(pattern);

  await page.getByRole("link", { name: "Printable report" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Outcomes report" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Print / save as PDF" })).toBeVisible();
  const report = await page.locator("body").innerText();
  for (const pattern of IDENTIFYING) expect(report).not.toMatch(pattern);

  for (const path of ["/participants", "/today"]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(403);
  }
});
