/**
 * Runs once when the server starts: a bad environment value stops it here, with a message
 * naming the variable, instead of surfacing later as a session that never times out. In
 * production, framework errors and warnings then go through the application's logger as
 * single JSON lines (src/server/log.ts); `next dev` keeps its own readable output.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { environment } = await import("@/config/env");
  environment();
  const { authSecret } = await import("@/auth/secret");
  authSecret();
  if (process.env.NODE_ENV === "development") return;
  const { routeConsoleToLog } = await import("./src/server/log");
  routeConsoleToLog();
}
