/**
 * Runs once when the server starts: a bad environment value stops it here, with a message
 * naming the variable, instead of surfacing later as a session that never times out.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { environment } = await import("@/config/env");
  environment();
}
