import { tz } from "@date-fns/tz";
import { expect, test, type Page } from "@playwright/test";
import { format } from "date-fns";
import { DEMO, signIn } from "./support";

/** Today as the clinic's pages write it ("Mon 22 Nov 2026"), in Europe/London. */
const today = format(new Date(), "EEE d MMM yyyy", { in: tz("Europe/London") });

async function openEvidenceOfFirstActiveParticipant(page: Page) {
  await page.goto("/participants?status=ACTIVE");
  await page.getByRole("main").getByRole("listitem").first().getByRole("link").click();
  await page.waitForURL(/\/participants\/[^/?]+$/);
  await page.goto(`${new URL(page.url()).pathname}/evidence`);
  await expect(page.getByRole("heading", { level: 1, name: /^Screens, TOP and offences: / })).toBeVisible();
}

test("a nurse records a urine screen and a TOP review for a demo participant", async ({ page }) => {
  await signIn(page, DEMO.nurse);
  await openEvidenceOfFirstActiveParticipant(page);

  // Urine screen: prescribed diamorphine shows as 6-MAM, which alone is not street heroin.
  await page.getByText("Urine screen", { exact: true }).click();
  await page.getByLabel("Collection observed?").selectOption("yes");
  const markers = page.getByRole("group", { name: "Street heroin markers" });
  for (const marker of ["Acetylcodeine", "Papaverine", "Noscapine"]) await markers.getByLabel(marker).selectOption("NEGATIVE");
  await page.getByRole("group", { name: "Prescribed diamorphine" }).getByLabel("Morphine / 6-MAM").selectOption("POSITIVE");
  const others = page.getByRole("group", { name: "Other substances" });
  for (const substance of ["Methadone", "Cocaine / crack", "Benzodiazepines", "Amphetamines", "Cannabis", "Alcohol (EtG)", "Other"]) {
    await others.getByLabel(substance, { exact: true }).selectOption(substance === "Cannabis" ? "POSITIVE" : "NEGATIVE");
  }
  await page.getByRole("button", { name: "Save urine screen" }).click();
  await expect(page.getByText("Urine screen saved.")).toBeVisible();
  const newest = page.getByRole("table", { name: "Urine screens, newest first" }).getByRole("row").nth(1);
  await expect(newest).toContainText(today);
  await expect(newest).toContainText("Urine, observed");
  await expect(newest.getByRole("cell").nth(2)).toHaveText("Negative");
  await expect(newest.getByRole("cell").nth(3)).toHaveText("Positive");
  await expect(newest.getByRole("cell").nth(4)).toHaveText("Cannabis");

  // TOP review: an answer out of range is refused at the field, then corrected.
  await page.getByText("Treatment Outcomes Profile (TOP)", { exact: true }).click();
  await fillTopReview(page, { opiateDays: "30" });
  await page.getByRole("button", { name: "Save TOP" }).click();
  await expect(page.getByText("Some answers need correcting. Nothing was saved.")).toBeVisible();
  const opiates = page.getByLabel("Illicit opiates (street heroin, non-prescribed opioids)");
  await expect(opiates).toBeFocused();
  await expect(page.getByText("Illicit opiates (street heroin, non-prescribed opioids) must be at most 28.")).toBeVisible();

  await fillTopReview(page, { opiateDays: "2" });
  await page.getByRole("button", { name: "Save TOP" }).click();
  await expect(page.getByText("TOP saved.")).toBeVisible();
  const history = page.getByRole("table", { name: "TOP answers, oldest first" });
  await expect(history.getByRole("columnheader", { name: `Review · ${today}` })).toBeVisible();
  await expect(page.getByRole("img", { name: /^Days in the past 28 at each TOP/ })).toBeVisible();
});

test("an administrator uploads a police extract with an error, sees the row report and nothing imported, then imports the corrected file", async ({ page }) => {
  await signIn(page, DEMO.admin);
  await page.goto("/admin/imports");
  await expect(page.getByRole("heading", { level: 1, name: "Imports" })).toBeVisible();

  const rows = ["HAT-0001,2024-11-02,Handling stolen goods,30", "HAT-0003,2024-11-05,Handling stolen goods,30", "HAT-0005,2024-11-09,Handling stolen goods,30"];
  const upload = async (lines: string[]) => {
    await page.getByLabel("Offences (police extract)").check();
    await page.getByLabel("CSV file").setInputFiles({
      name: "police-extract.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(["Reference,Offence date,Offence type,Severity score", ...lines].join("\r\n")),
    });
    await page.getByRole("button", { name: "Check and import" }).click();
  };

  await upload([rows[0]!, "HAT-0003,05/11/2024,Handling stolen goods,30", rows[2]!]);
  await expect(page.getByRole("heading", { name: "Nothing was imported: 1 row needs correcting" })).toBeVisible();
  const problem = page.getByRole("table", { name: "Rows that need correcting" }).getByRole("row").nth(1);
  await expect(problem.getByRole("cell").nth(0)).toHaveText("3");
  await expect(problem.getByRole("cell").nth(1)).toHaveText('Offence date "05/11/2024" is not a date written yyyy-mm-dd.');

  // Had the good rows gone in, the corrected file would find two of them already held.
  await upload(rows);
  const report = page.getByRole("status").filter({ has: page.getByRole("heading", { name: "Imported" }) });
  await expect(report).toContainText("3 rows read");
  await expect(report).toContainText("3 offences added");
  await expect(report).toContainText("0 already held, skipped");
});

async function fillTopReview(page: Page, { opiateDays }: { opiateDays: string }) {
  await page.getByLabel("Stage").selectOption({ label: "Review" });
  const use = page.getByRole("group", { name: "Substance use: days used in the past 28" });
  const answers: [string, string][] = [
    ["Alcohol", "2"],
    ["Alcohol units on a typical drinking day", "4"],
    ["Illicit opiates (street heroin, non-prescribed opioids)", opiateDays],
    ["Crack cocaine", "0"],
    ["Cocaine powder", "0"],
    ["Amphetamines", "0"],
    ["Cannabis", "12"],
    ["Other drugs", "0"],
  ];
  for (const [label, value] of answers) await use.getByLabel(label, { exact: true }).fill(value);
  const injecting = page.getByRole("group", { name: "Injecting in the past 28 days" });
  await injecting.getByLabel("Days injected outside the clinic").fill("1");
  await injecting.getByLabel("Shared needles or syringes").selectOption("no");
  await injecting.getByLabel("Shared other injecting equipment").selectOption("no");
  const crime = page.getByRole("group", { name: "Crime: days in the past 28" });
  for (const label of ["Shoplifting", "Selling drugs", "Other theft or burglary", "Assault or violence"]) await crime.getByLabel(label).fill("0");
  const health = page.getByRole("group", { name: "Health and quality of life (0 poor to 20 good)" });
  await health.getByLabel("Psychological health").fill("14");
  await health.getByLabel("Physical health").fill("12");
  await health.getByLabel("Overall quality of life").fill("15");
  const living = page.getByRole("group", { name: "Work, education and housing" });
  await living.getByLabel("Days in paid work").fill("3");
  await living.getByLabel("Days at college or school").fill("0");
  await living.getByLabel("Acute housing problem (homeless, no fixed abode)").selectOption("no");
  await living.getByLabel("At risk of eviction").selectOption("no");
}
