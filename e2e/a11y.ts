import AxeBuilder from "@axe-core/playwright";
import { expect, type Locator, type Page } from "@playwright/test";

/** The bar for every page: WCAG 2.1 A and AA, no violation that axe rates serious or critical. */
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * Waits until React has hydrated the page: a form submitted before then would go to the
 * server natively, and client components (charts, countdowns) would not be drawn yet. React
 * marks each hydrated element with a "__reactFiber" property; the page's h1 stands for it.
 */
export async function waitForHydration(page: Page) {
  await page.waitForFunction(() => {
    const heading = document.querySelector("h1");
    return heading !== null && Object.keys(heading).some((key) => key.startsWith("__reactFiber"));
  });
}

export async function expectNoSeriousViolations(page: Page, what: string) {
  await waitForHydration(page);
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const serious = violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.map((n) => `${n.target.join(" ")} ${n.failureSummary?.replaceAll("\n", " ") ?? ""}`).join("\n    ")}`);
  expect(serious, `axe on ${what}`).toEqual([]);
}

/** An alert of the page's own; Next.js keeps an empty role="alert" route announcer on every page. */
export const alertIn = (scope: Page | Locator) => scope.getByRole("alert").filter({ hasText: /./ });

/** The focused element, described for a failure message, and whether a keyboard user can see where focus is. */
async function focusState(page: Page): Promise<{ what: string; visible: boolean }> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return { what: "nothing (focus is on the page itself)", visible: false };
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    const name = (element.getAttribute("aria-label") ?? element.textContent ?? "").trim().slice(0, 60);
    const what = `<${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ""}> "${name}"`;
    const ring = element.matches(":focus-visible") && style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
    return { what, visible: ring && box.width > 0 && box.height > 0 };
  });
}

/** Focus is on something, drawn with the clinic's focus ring, and on screen. */
export async function expectVisibleFocus(page: Page) {
  const { what, visible } = await focusState(page);
  expect(visible, `a visible focus ring on ${what}`).toBe(true);
  await expect(page.locator(":focus")).toBeInViewport();
}

/** Presses Tab (or Shift+Tab) until `target` has focus, checking that every stop on the way shows its focus. */
export async function tabTo(page: Page, target: Locator, { backwards = false, maxPresses = 80 } = {}) {
  await expect(target).toHaveCount(1);
  for (let presses = 0; presses <= maxPresses; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
    await expectVisibleFocus(page);
  }
  throw new Error(`${maxPresses} presses of ${backwards ? "Shift+Tab" : "Tab"} did not reach ${target}`);
}

/** Types into the focused field, replacing what it held. */
export async function retype(page: Page, text: string) {
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type(text);
}
