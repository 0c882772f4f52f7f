import fs from "node:fs";
import path from "node:path";
import { expect, request as newRequest, test, type APIResponse, type Page } from "@playwright/test";
import { DEMO, signIn } from "./support";

/**
 * Security checks a person cannot see: response headers, a policy the browser enforces
 * without complaint on every main page, server actions refused from another origin, and
 * every route closed to the signed-out. Routes are read from app/ so a new page or
 * handler is covered without editing this file.
 */

// ---- Routes, from the file system ----------------------------------------------------

const APP = path.resolve("app");

function routeFiles(): string[] {
  return (fs.readdirSync(APP, { recursive: true }) as string[])
    .map((file) => file.split(path.sep).join("/"))
    .filter((file) => /(^|\/)(page\.tsx|route\.ts)$/.test(file));
}

/** app/(staff)/participants/[id]/page.tsx → /participants/dummy-id */
function urlOf(file: string): string {
  const segments = file
    .split("/")
    .slice(0, -1)
    .filter((s) => !/^\(.*\)$/.test(s))
    .map((s) => (s.startsWith("[") ? "dummy-id" : s));
  return `/${segments.join("/")}`;
}

/** The HTTP methods a route handler exports. */
function methodsOf(file: string): string[] {
  const source = fs.readFileSync(path.join(APP, file), "utf8");
  const named = [...source.matchAll(/export\s+(?:async\s+)?(?:function|const)\s+(GET|HEAD|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]!);
  const reexported = [...source.matchAll(/export\s*\{([^}]*)\}/g)].flatMap((m) =>
    m[1]!.split(",").map((part) => part.trim().split(/\s+as\s+/).pop()!).filter((name) => /^(GET|HEAD|POST|PUT|PATCH|DELETE)$/.test(name)),
  );
  return [...new Set([...named, ...reexported])];
}

// Open to everyone by design. A new public route must be added here on purpose.
const PUBLIC = ["/", "/login", "/403", "/api/health", "/api/auth/dummy-id"];

const pages = routeFiles()
  .filter((f) => f.endsWith("page.tsx"))
  .map(urlOf)
  .filter((url) => !PUBLIC.includes(url));
const apiRoutes = routeFiles()
  .filter((f) => f.endsWith("route.ts"))
  .map((file) => ({ url: urlOf(file), methods: methodsOf(file) }))
  .filter(({ url }) => !PUBLIC.includes(url));

// ---- Headers ---------------------------------------------------------------------------

function cspOf(response: APIResponse): Map<string, string> {
  const header = response.headers()["content-security-policy"] ?? "";
  return new Map(
    header
      .split(";")
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...values] = d.split(/\s+/);
        return [name!, values.join(" ")] as [string, string];
      }),
  );
}

function expectSecurityHeaders(response: APIResponse) {
  const headers = response.headers();
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["x-frame-options"]).toBe("DENY");
  const csp = cspOf(response);
  expect(csp.get("default-src")).toBe("'self'");
  expect(csp.get("script-src")).toMatch(/^'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'$/);
  expect(csp.get("style-src")).toBe("'self' 'unsafe-inline'");
  expect(csp.get("img-src")).toBe("'self' data: blob:");
  expect(csp.get("connect-src")).toBe("'self'");
  expect(csp.get("object-src")).toBe("'none'");
  expect(csp.get("frame-ancestors")).toBe("'none'");
  expect(csp.get("base-uri")).toBe("'self'");
  expect(csp.get("form-action")).toBe("'self'");
  // Plain HTTP here: no HSTS, which would pin a development host to HTTPS.
  expect(headers["strict-transport-security"]).toBeUndefined();
}

function nonceOf(response: APIResponse): string {
  return /'nonce-([^']+)'/.exec(cspOf(response).get("script-src") ?? "")?.[1] ?? "";
}

test.describe("security headers", () => {
  test("the login page has the policy, and its scripts carry this response's nonce", async ({ request }) => {
    const first = await request.get("/login");
    expect(first.status()).toBe(200);
    expectSecurityHeaders(first);
    const html = await first.text();
    const scriptNonces = [...html.matchAll(/<script\b[^>]*\bnonce="([^"]+)"/g)].map((m) => m[1]);
    expect(scriptNonces.length).toBeGreaterThan(0);
    expect(new Set(scriptNonces)).toEqual(new Set([nonceOf(first)]));
    // No script without the nonce (it would be blocked, or the page would need 'unsafe-inline').
    expect(html.match(/<script\b/g)?.length).toBe(scriptNonces.length);

    const second = await request.get("/login");
    expect(nonceOf(second)).not.toBe(nonceOf(first));
  });

  test("API responses, redirects and refusals carry the headers too", async ({ request }) => {
    expectSecurityHeaders(await request.get("/api/health"));
    const unauthenticated = await request.get("/api/admin/audit", { maxRedirects: 0 });
    expect(unauthenticated.status()).toBe(401);
    expectSecurityHeaders(unauthenticated);
    const redirect = await request.get("/today", { maxRedirects: 0 });
    expect(redirect.status()).toBe(307);
    expectSecurityHeaders(redirect);
  });

  test("a signed-in page and a 403 page carry the headers", async ({ page }) => {
    await signIn(page, DEMO.nurse);
    expectSecurityHeaders(await page.request.get("/today"));
    const refused = await page.request.get("/admin");
    expect(refused.status()).toBe(403);
    expectSecurityHeaders(refused);
  });
});

// ---- The policy in the browser --------------------------------------------------------

/** Collects CSP violations, CSP console messages and uncaught errors for the whole page's life. */
async function watchForViolations(page: Page): Promise<string[]> {
  const problems: string[] = [];
  await page.exposeBinding("__reportCspViolation", (_source, text: string) => {
    problems.push(`securitypolicyviolation: ${text}`);
  });
  // Init scripts run through the DevTools protocol, so the page's own policy does not block them.
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { __reportCspViolation: (text: string) => void }).__reportCspViolation;
      void report(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${event.documentURI}`);
    });
  });
  page.on("console", (message) => {
    if (/content security policy|refused to/i.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}

/** Opens a page, waits until its scripts have run, and checks it rendered its heading. */
async function visit(page: Page, url: string) {
  const response = await page.goto(url);
  expect(response?.status(), url).toBeLessThan(400);
  await page.waitForLoadState("networkidle");
  await expect(page.getByRole("heading", { level: 1 }).first(), url).toBeVisible();
}

/** The first link on the page whose address matches, e.g. a participant's profile. */
async function firstLink(page: Page, pattern: RegExp): Promise<string> {
  const hrefs = await page.getByRole("link").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  const href = hrefs.find((h) => pattern.test(h));
  expect(href, `a link matching ${pattern}`).toBeTruthy();
  return href!;
}

async function expectChartsDrawn(page: Page) {
  const chart = page.getByRole("img").filter({ has: page.locator("svg") }).first();
  await expect(chart).toBeVisible();
  // A drawn chart has a sized drawing surface (beside its legend's small icons), not an empty container.
  const widths = await chart.locator("svg").evaluateAll((svgs) => svgs.map((svg) => svg.getBoundingClientRect().width));
  expect(Math.max(...widths)).toBeGreaterThan(100);
}

test("the browser enforces the policy: an injected inline event handler is blocked and reported", async ({ page }) => {
  const problems = await watchForViolations(page);
  await visit(page, "/login");
  // Markup an attacker might get into a page (say, through a participant's name).
  const ran = await page.evaluate(() => {
    const injected = document.createElement("div");
    injected.innerHTML = `<img src="data:," onerror="window.__injected = true" alt="">`;
    document.body.append(injected);
    return new Promise<boolean>((resolve) => setTimeout(() => resolve(Boolean((window as unknown as { __injected?: boolean }).__injected)), 500));
  });
  expect(ran).toBe(false);
  await expect.poll(() => problems.some((p) => p.startsWith("securitypolicyviolation: script-src-attr"))).toBe(true);
});

test.describe("no policy violations on the main pages", () => {
  test("signed out: home and login", async ({ page }) => {
    const problems = await watchForViolations(page);
    await visit(page, "/");
    await visit(page, "/login");
    expect(problems).toEqual([]);
  });

  test("nurse: today, participants, a profile with its evidence chart, TOP due, account", async ({ page }) => {
    const problems = await watchForViolations(page);
    await signIn(page, DEMO.nurse);
    await visit(page, "/today");
    await visit(page, "/participants");
    const profile = await firstLink(page, /^\/participants\/(?!new$|top-due$)[^/]+$/);
    await visit(page, profile);
    await visit(page, `${profile}/evidence`);
    await visit(page, "/participants/top-due");
    await visit(page, "/account");
    // The 403 page is rendered per request too, so its scripts run under the policy.
    await page.goto("/admin");
    await page.waitForLoadState("networkidle");
    await expect(page.getByRole("heading", { name: "403: not allowed" })).toBeVisible();
    expect(problems).toEqual([]);
  });

  test("prescriber: prescribing, a participant's dose chart, new referral", async ({ page }) => {
    const problems = await watchForViolations(page);
    await signIn(page, DEMO.prescriber);
    await visit(page, "/prescribing");
    await visit(page, "/participants");
    const profile = await firstLink(page, /^\/participants\/(?!new$|top-due$)[^/]+$/);
    await visit(page, `/prescribing/${profile.split("/").pop()}`);
    await visit(page, "/participants/new");
    expect(problems).toEqual([]);
  });

  test("pharmacist: register and one product's register", async ({ page }) => {
    const problems = await watchForViolations(page);
    await signIn(page, DEMO.pharmacist);
    await visit(page, "/register");
    await visit(page, await firstLink(page, /^\/register\/[^/?]+$/));
    await visit(page, "/account");
    expect(problems).toEqual([]);
  });

  test("board: outcomes with charts drawn, and the report", async ({ page }) => {
    const problems = await watchForViolations(page);
    await signIn(page, DEMO.board);
    await visit(page, "/board");
    await expectChartsDrawn(page);
    await visit(page, "/board/report");
    expect(problems).toEqual([]);
  });

  test("admin: users, audit, settings, imports, funding", async ({ page }) => {
    const problems = await watchForViolations(page);
    await signIn(page, DEMO.admin);
    for (const url of ["/admin", "/admin/audit", "/admin/settings", "/admin/imports", "/admin/funding"]) await visit(page, url);
    expect(problems).toEqual([]);
  });
});

// ---- Server actions: cross-site and signed-out requests --------------------------------

type CapturedAction = { headers: Record<string, string>; body: Buffer };

// The headers that make a POST a server-action call; cookies come from the request context.
const ACTION_HEADERS = ["next-action", "content-type", "accept", "next-router-state-tree"];

/** Submits a form through the browser but stops the request, keeping what was sent. */
async function captureActionRequest(page: Page, url: string, submit: () => Promise<void>): Promise<CapturedAction> {
  let captured: CapturedAction | null = null;
  await page.route(url, async (route) => {
    const sent = route.request();
    const headers = await sent.allHeaders();
    if (sent.method() !== "POST" || !headers["next-action"]) return route.continue();
    captured = {
      headers: Object.fromEntries(ACTION_HEADERS.filter((h) => headers[h]).map((h) => [h, headers[h]!])),
      body: sent.postDataBuffer() ?? Buffer.alloc(0),
    };
    await route.abort();
  });
  await submit();
  await expect.poll(() => captured !== null, { message: "the form's server-action request" }).toBe(true);
  await page.unroute(url);
  return captured!;
}

test.describe("server actions", () => {
  const PROBE = `CSRF probe ${Date.now()}`;

  async function placesSetting(page: Page): Promise<string> {
    await page.goto("/admin/settings");
    return page.getByRole("region", { name: "Places" }).getByLabel("Places").inputValue();
  }

  async function probeEventsInAudit(page: Page): Promise<number> {
    await page.goto("/admin/audit");
    return page.getByRole("row").filter({ hasText: PROBE }).count();
  }

  test("a captured settings change is refused from another origin, and without a session, and accepted only from the app's own", async ({
    page,
    baseURL,
  }) => {
    await signIn(page, DEMO.admin);
    const original = await placesSetting(page);
    const changed = String(Number(original) + 5);

    await page.waitForLoadState("networkidle");
    const places = page.getByRole("region", { name: "Places" });
    const captured = await captureActionRequest(page, "**/admin/settings", async () => {
      await places.getByLabel("Places").fill(changed);
      await places.getByLabel("Reason for the change").fill(PROBE);
      await places.getByRole("button", { name: "Save places" }).click();
    });
    expect(captured.headers["next-action"]).toMatch(/^[0-9a-f]{20,}$/);
    const replay = (origin: string | null, context = page.request) =>
      context.post("/admin/settings", {
        headers: { ...captured.headers, ...(origin ? { origin } : {}) },
        data: captured.body,
        maxRedirects: 0,
      });

    // Signed in, but sent from another site (or an opaque, sandboxed one): Next.js compares
    // Origin with Host and refuses before the action runs.
    for (const origin of ["https://evil.example", `http://evil.example:${new URL(baseURL!).port}`, "null"]) {
      const refused = await replay(origin);
      expect(refused.ok(), `replay from ${origin}`).toBe(false);
    }
    expect(await placesSetting(page)).toBe(original);
    expect(await probeEventsInAudit(page)).toBe(0);

    // Same origin but no session: the proxy passes the call on and the action refuses before
    // anything runs, saying so to the form (a redirect would break the page that sent it).
    const anonymous = await newRequest.newContext({ baseURL });
    const signedOut = await replay(new URL(baseURL!).origin, anonymous);
    expect(signedOut.status()).toBe(200);
    expect(await signedOut.text()).toContain('"code":"unauthenticated"');
    await anonymous.dispose();
    expect(await placesSetting(page)).toBe(original);
    expect(await probeEventsInAudit(page)).toBe(0);

    // The same bytes from the app's own origin do change the setting: the refusals above
    // were about where the request came from, not a malformed replay.
    const accepted = await replay(new URL(baseURL!).origin);
    expect(accepted.status()).toBe(200);
    expect(await placesSetting(page)).toBe(changed);
    expect(await probeEventsInAudit(page)).toBe(1);

    // Put the setting back for the other journeys.
    await page.goto("/admin/settings");
    await page.waitForLoadState("networkidle");
    await places.getByLabel("Places").fill(original);
    await places.getByLabel("Reason for the change").fill("Restore after the CSRF probe");
    await places.getByRole("button", { name: "Save places" }).click();
    await expect(places.getByRole("status")).toHaveText("Saved.");
    expect(await placesSetting(page)).toBe(original);
  });
});

// ---- Signed out: every route -------------------------------------------------------------

test.describe("signed out", () => {
  test("the route list was found on disk", () => {
    expect(pages.length).toBeGreaterThan(10);
    expect(apiRoutes.length).toBeGreaterThan(3);
  });

  test("every page sends the signed-out to sign in, remembering where they were going", async ({ request }) => {
    for (const url of pages) {
      const response = await request.get(url, { maxRedirects: 0 });
      expect(response.status(), url).toBe(307);
      const location = new URL(response.headers()["location"]!, "http://x");
      expect(location.pathname, url).toBe("/login");
      expect(location.searchParams.get("callbackUrl"), url).toBe(url);
    }
  });

  test("every API route answers 401 to each method it handles", async ({ request }) => {
    for (const { url, methods } of apiRoutes) {
      expect(methods.length, `${url} exports a handler`).toBeGreaterThan(0);
      for (const method of methods) {
        const response = await request.fetch(url, { method, maxRedirects: 0 });
        expect(response.status(), `${method} ${url}`).toBe(401);
        expect(await response.json(), `${method} ${url}`).toHaveProperty("error");
      }
    }
  });
});

// ---- Sign-in and sessions (issue 16) -----------------------------------------------------

const SESSION_COOKIE = "next-auth.session-token";

test.describe("sign-in and sessions", () => {
  // Finding 4: `/login?callbackUrl=/%5Cexample.org/phish` (and a %09 variant) left the site.
  test("a return address that would leave the site lands on the site after signing in", async ({ page, baseURL }) => {
    for (const hostile of ["/%5Cexample.org/phish", "/%09/example.org", "/%5C%5Cexample.org", "/%09%5Cexample.org"]) {
      // Away from Today first: its live refresh, in flight, would set the session cookie again.
      await page.goto("about:blank");
      await page.context().clearCookies();
      await page.goto(`/login?callbackUrl=${hostile}`);
      await page.getByLabel("Email").fill(DEMO.nurse.email);
      await page.getByLabel("Password").fill(DEMO.nurse.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByRole("button", { name: "Sign out" }), hostile).toBeVisible({ timeout: 30_000 });
      expect(new URL(page.url()).origin, hostile).toBe(new URL(baseURL!).origin);
    }
  });

  // Finding 5: a copied session token kept working after sign-out (up to 12 hours).
  test("a copied session token stops working once its owner signs out", async ({ browser, page, baseURL }) => {
    await signIn(page, DEMO.admin);
    const cookie = (await page.context().cookies()).find((c) => c.name === SESSION_COOKIE);
    expect(cookie, "the session cookie").toBeTruthy();
    const copy = await browser.newContext();
    await copy.addCookies([{ name: SESSION_COOKIE, value: cookie!.value, url: baseURL!, httpOnly: true, sameSite: "Lax" }]);
    expect((await copy.request.get("/api/admin/audit", { maxRedirects: 0 })).status()).toBe(200);

    await page.waitForLoadState("networkidle");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);

    expect((await copy.request.get("/api/admin/audit", { maxRedirects: 0 })).status()).toBe(401);
    const copyPage = await copy.newPage();
    await copyPage.goto("/admin");
    await expect(copyPage).toHaveURL(/\/login/);
    await copy.close();
  });

  // Finding 5: the forced password change after a reset held on pages only; actions ran.
  test("someone with a temporary password cannot run an action before choosing a new one", async ({ browser, page, baseURL }) => {
    const stamp = Date.now();
    const newcomer = { email: `reset-${stamp}@hat.example`, password: "kettle orbit violet temporary", name: `Reset Probe ${stamp}` };
    const probe = `Forced change probe ${stamp}`;
    await signIn(page, DEMO.admin);
    await page.goto("/admin");
    await page.waitForLoadState("networkidle");
    const add = page.getByRole("region", { name: "Add a user" });
    await add.getByLabel("Full name").fill(newcomer.name);
    await add.getByLabel("Email").fill(newcomer.email);
    await add.getByLabel("Role").selectOption("ADMIN");
    await add.getByLabel("Temporary password").fill(newcomer.password);
    await add.getByRole("button", { name: "Create user" }).click();
    await expect(add.getByRole("status")).toContainText("User created.");

    // The settings change the newcomer will try, captured from the administrator's own form.
    await page.goto("/admin/settings");
    await page.waitForLoadState("networkidle");
    const places = page.getByRole("region", { name: "Places" });
    const original = await places.getByLabel("Places").inputValue();
    const captured = await captureActionRequest(page, "**/admin/settings", async () => {
      await places.getByLabel("Places").fill(String(Number(original) + 3));
      await places.getByLabel("Reason for the change").fill(probe);
      await places.getByRole("button", { name: "Save places" }).click();
    });

    const newcomerContext = await browser.newContext();
    const newcomerPage = await newcomerContext.newPage();
    await signIn(newcomerPage, newcomer);
    await expect(newcomerPage).toHaveURL(/\/account\?reset=1/);
    const refused = await newcomerPage.request.post("/admin/settings", {
      headers: { ...captured.headers, origin: new URL(baseURL!).origin },
      data: captured.body,
      maxRedirects: 0,
    });
    expect(await refused.text()).toContain('"code":"unauthenticated"');
    expect((await newcomerPage.request.get("/api/admin/audit", { maxRedirects: 0 })).status()).toBe(401);
    await newcomerContext.close();

    await page.goto("/admin/settings");
    expect(await page.getByRole("region", { name: "Places" }).getByLabel("Places").inputValue()).toBe(original);
    await page.goto("/admin/audit");
    await expect(page.getByRole("row").filter({ hasText: probe })).toHaveCount(0);
  });
});
