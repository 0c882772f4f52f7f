/**
 * Runs once when the server starts. In production, framework errors and warnings go through
 * the application's logger as single JSON lines (src/server/log.ts); `next dev` keeps its
 * own readable output.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NODE_ENV === "development") return;
  const { routeConsoleToLog } = await import("./src/server/log");
  routeConsoleToLog();
}
