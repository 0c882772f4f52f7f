import { environment } from "@/config/env";

/**
 * Session lifetime: a clinic shift at most (12 hours), and signed out after 30 minutes
 * without activity because clinic tablets are shared. IDLE_TIMEOUT_MINUTES and
 * SESSION_MAX_HOURS override the defaults (checked by src/config/env.ts).
 */
export const SESSION_MAX_SECONDS = environment().SESSION_MAX_HOURS * 3600;
export const IDLE_TIMEOUT_SECONDS = environment().IDLE_TIMEOUT_MINUTES * 60;

export type SessionClock = { signedInAt: number; lastActivityAt: number };

/**
 * Why a session has ended, or null while it is alive. Times in seconds since the epoch. A
 * clock that is missing or not a number has ended: a token without one was never ours.
 */
export function sessionEnded(clock: SessionClock, nowSeconds: number): "expired" | "idle" | null {
  if (!Number.isFinite(clock.signedInAt) || !(nowSeconds - clock.signedInAt < SESSION_MAX_SECONDS)) return "expired";
  if (!Number.isFinite(clock.lastActivityAt) || !(nowSeconds - clock.lastActivityAt < IDLE_TIMEOUT_SECONDS)) return "idle";
  return null;
}
