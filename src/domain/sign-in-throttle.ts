/**
 * Sign-in throttling. Failures are counted under three keys, each since its own last
 * success, and any key over its limit refuses the attempt until its lock ends:
 *
 * - the account at one address (5 in 15 minutes): the guesser at one device;
 * - the account from anywhere (25 in an hour, locked for an hour): slower, so a stranger
 *   elsewhere cannot lock a nurse out of her usual tablet with a handful of tries, but a
 *   guesser spreading over many addresses is still stopped;
 * - the address, across accounts (20 in 15 minutes): one device trying many accounts.
 *   Clinic tablets share one address, so it is looser than the account's.
 *
 * Counting is by the email typed, whether or not such an account exists, so a lock reveals
 * nothing. An attempt counts as a failure from the moment it is recorded, before its
 * password is checked, so attempts made at the same moment cannot all slip under a limit.
 */
export type ThrottleLimit = { maxFailures: number; windowMinutes: number };

export type ThrottlePolicy = {
  accountAtAddress: ThrottleLimit;
  account: ThrottleLimit;
  address: ThrottleLimit;
};

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  accountAtAddress: { maxFailures: 5, windowMinutes: 15 },
  account: { maxFailures: 25, windowMinutes: 60 },
  address: { maxFailures: 20, windowMinutes: 15 },
};

export type ThrottleInput = {
  /** Failure times for this email from this address since the pair's last success. */
  accountAtAddressFailures: Date[];
  /** Failure times for this email, from any address, since its last success. */
  accountFailures: Date[];
  /** Failure times from this address, for any email, since its last success; empty when the address is unknown. */
  addressFailures: Date[];
  now: Date;
};

export type ThrottleDecision = { locked: false } | { locked: true; until: Date };

/** How far back failures can still matter: a lock lasts one window after a run that itself spans a window. */
export function throttleLookback(policy: ThrottlePolicy = DEFAULT_THROTTLE): number {
  return 2 * Math.max(policy.accountAtAddress.windowMinutes, policy.account.windowMinutes, policy.address.windowMinutes) * 60_000;
}

/**
 * `maxFailures` within one window lock the key for a window from the last of them.
 * Refused attempts during a lock are not recorded, so the lock does not extend itself.
 */
export function throttleDecision(input: ThrottleInput, policy: ThrottlePolicy = DEFAULT_THROTTLE): ThrottleDecision {
  const until = [
    lockedUntil(input.accountAtAddressFailures, policy.accountAtAddress, input.now),
    lockedUntil(input.accountFailures, policy.account, input.now),
    lockedUntil(input.addressFailures, policy.address, input.now),
  ].filter((d): d is Date => d !== null);
  if (until.length === 0) return { locked: false };
  return { locked: true, until: new Date(Math.max(...until.map((d) => d.getTime()))) };
}

function lockedUntil(failures: Date[], limit: ThrottleLimit, now: Date): Date | null {
  const windowMs = limit.windowMinutes * 60_000;
  const times = failures.map((d) => d.getTime()).sort((a, b) => b - a);
  for (let i = 0; i + limit.maxFailures - 1 < times.length; i++) {
    const last = times[i]!;
    if (last + windowMs <= now.getTime()) return null;
    if (last - times[i + limit.maxFailures - 1]! < windowMs) return new Date(last + windowMs);
  }
  return null;
}
