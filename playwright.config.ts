import { defineConfig, devices } from "@playwright/test";

// Real Chromium from Debian (/usr/bin/chromium); Playwright's own browser download cannot
// work on machines that reach only the npm and Debian registries. Override with CHROMIUM_PATH.
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const port = Number(process.env.E2E_PORT ?? 3100);
const dataDir = process.env.E2E_DATA_DIR ?? "./data/e2e-pglite";

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    ...devices["Desktop Chrome"],
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  // The session-clock spec sets today's windows around the time of the run, so it goes first,
  // while today's sessions are still open; every other journey follows.
  projects: [
    { name: "session clock", testMatch: /dose-edges\.spec\.ts$/ },
    { name: "journeys", testIgnore: /dose-edges\.spec\.ts$/, dependencies: ["session clock"] },
    // The README's screenshots (`npm run screenshots`), never part of the journeys.
    ...(process.env.SCREENSHOTS === "1" ? [{ name: "screenshots", testMatch: /readme-screenshots\.ts$/ }] : []),
  ],
  // One production build for every spec, on a fresh embedded database with the demo cohort.
  webServer: {
    command: `node scripts/e2e-server.mjs`,
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: { E2E_PORT: String(port), E2E_DATA_DIR: dataDir },
  },
});
