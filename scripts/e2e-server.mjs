// Starts the app for Playwright: a fresh embedded database with the demo cohort, then
// the production server (server.mjs, as `npm start`) on the build (built here unless SKIP_BUILD=1 and one exists).
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";

const port = process.env.E2E_PORT ?? "3100";
const dataDir = process.env.E2E_DATA_DIR ?? "./data/e2e-pglite";
const env = {
  ...process.env,
  DATABASE_URL: `pglite:${dataDir}`,
  NODE_ENV: "production",
  NEXTAUTH_URL: `http://127.0.0.1:${port}`,
  // The journeys sign in with the demo's accounts, which work only in demo mode (where the
  // second sign-in step is off unless REQUIRE_SECOND_FACTOR says otherwise).
  HAT_DEMO: "1",
};
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

fs.rmSync(dataDir, { recursive: true, force: true });
fs.rmSync(`${dataDir}.lock`, { force: true });
execFileSync(npm, ["run", "--silent", "db:migrate"], { env, stdio: "inherit" });
// Yesterday's two sessions ran on paper during an outage: e2e/downtime.spec.ts enters them afterwards.
execFileSync(npm, ["run", "--silent", "db:seed", "--", "--outage"], { env, stdio: "inherit" });
if (!(process.env.SKIP_BUILD === "1" && fs.existsSync(`${process.env.NEXT_DIST_DIR ?? ".next"}/BUILD_ID`))) {
  execFileSync(npm, ["run", "--silent", "build"], { env, stdio: "inherit" });
}
const server = spawn(process.execPath, ["server.mjs", "-p", port, "-H", "127.0.0.1"], {
  env,
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
