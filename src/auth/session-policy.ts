/**
 * Session lifetime: a clinic shift at most (12 hours), and signed out after 30 minutes
 * without activity because clinic tablets are shared. IDLE_TIMEOUT_MINUTES and
 * SESSION_MAX_HOURS override the defaults.
 */
export const SESSION_MAX_SECONDS = Number(process.env.SESSION_MAX_HOURS ?? 12) * 3600;
export const IDLE_TIMEOUT_SECONDS = Number(process.env.IDLE_TIMEOUT_MINUTES ?? 30) * 60;

export type SessionClock = { signedInAt: number; lastActivityAt: number };

/** Why a session has ended, or null while it is alive. Times in seconds since the epoch. */
export function sessionEnded(clock: SessionClock, nowSeconds: number): "expired" | "idle" | null {
  if (nowSeconds - clock.signedInAt >= SESSION_MAX_SECONDS) return "expired";
  if (nowSeconds - clock.lastActivityAt >= IDLE_TIMEOUT_SECONDS) return "idle";
  return null;
}
