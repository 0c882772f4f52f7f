/**
 * Sign-in throttling: after too many failures for one account (or from one address)
 * inside the window, further attempts are refused until the window has passed. Counting
 * is by the email typed, whether or not such an account exists, so a lock reveals nothing.
 */
export type ThrottlePolicy = {
  maxFailuresPerAccount: number;
  maxFailuresPerAddress: number;
  windowMinutes: number;
};

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  maxFailuresPerAccount: 5,
  // Clinic tablets share one address, so the address limit is looser than the account one.
  maxFailuresPerAddress: 20,
  windowMinutes: 15,
};

export type ThrottleInput = {
  /** Failure times for this email since its last success. */
  accountFailures: Date[];
  /** Failure times from this address since its last success. */
  addressFailures: Date[];
  now: Date;
};

export type ThrottleDecision = { locked: false } | { locked: true; until: Date };

/**
 * `max` failures within one window lock the key for a window from the last of them.
 * Refused attempts during a lock are not recorded, so the lock does not extend itself.
 */
export function throttleDecision(input: ThrottleInput, policy: ThrottlePolicy = DEFAULT_THROTTLE): ThrottleDecision {
  const until = [
    lockedUntil(input.accountFailures, policy.maxFailuresPerAccount, policy.windowMinutes, input.now),
    lockedUntil(input.addressFailures, policy.maxFailuresPerAddress, policy.windowMinutes, input.now),
  ].filter((d): d is Date => d !== null);
  if (until.length === 0) return { locked: false };
  return { locked: true, until: new Date(Math.max(...until.map((d) => d.getTime()))) };
}

function lockedUntil(failures: Date[], max: number, windowMinutes: number, now: Date): Date | null {
  const windowMs = windowMinutes * 60_000;
  const times = failures.map((d) => d.getTime()).sort((a, b) => b - a);
  for (let i = 0; i + max - 1 < times.length; i++) {
    const last = times[i]!;
    if (last + windowMs <= now.getTime()) return null;
    if (last - times[i + max - 1]! < windowMs) return new Date(last + windowMs);
  }
  return null;
}
