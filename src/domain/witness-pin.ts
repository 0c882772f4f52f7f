/**
 * The witness PIN: the second factor a member of staff types to witness a controlled-drug
 * step (Misuse of Drugs Regulations 2001: attributable, witnessed entries). Each person sets
 * their own; an administrator can only clear it. Its strength comes from the lockout below,
 * not from a slow hash: six digits give a million PINs, and five wrong ones lock it.
 */

export const WITNESS_PIN_DIGITS = { min: 6, max: 8 } as const;

export const WITNESS_PIN_HINT = `${WITNESS_PIN_DIGITS.min} to ${WITNESS_PIN_DIGITS.max} digits. Not a run such as 123456 or 654321, a repeat such as 111111 or 121212, or a common PIN such as 112233.`;

/**
 * Six-digit PINs that people choose far more often than chance, beyond the runs and
 * repeats refused by pattern (DataGenetics, "PIN analysis", 2012; Wang et al., "Understanding
 * human-chosen PINs", IEEE S&P 2017): keypad lines and paired digits.
 */
const COMMON_PINS = new Set(["112233", "123321", "147258", "159357", "159753", "258456", "456789", "789456", "852456", "147852", "963852", "102030", "101010", "696969", "131313"]);

/** Each digit one more (or one less) than the one before, wrapping 9 → 0: 123456, 890123, 654321. */
function isRun(pin: string): boolean {
  const steps = new Set<number>();
  for (let i = 1; i < pin.length; i++) steps.add((Number(pin[i]) - Number(pin[i - 1]) + 10) % 10);
  return steps.size === 1 && (steps.has(1) || steps.has(9));
}

/** The PIN is a block of one to four digits repeated: 111111, 121212, 123123, 12341234. */
function isRepeat(pin: string): boolean {
  for (let size = 1; size <= pin.length / 2; size++) {
    if (pin.length % size === 0 && pin.slice(0, size).repeat(pin.length / size) === pin) return true;
  }
  return false;
}

/** Why a new witness PIN is refused, in words for the person choosing it; null when it will do. */
export function witnessPinProblem(pin: string): string | null {
  if (!/^\d+$/.test(pin)) return "Use digits only.";
  if (pin.length < WITNESS_PIN_DIGITS.min) return `Use at least ${WITNESS_PIN_DIGITS.min} digits.`;
  if (pin.length > WITNESS_PIN_DIGITS.max) return `Use at most ${WITNESS_PIN_DIGITS.max} digits.`;
  if (isRun(pin)) return "A run of digits is guessed first: choose another PIN.";
  if (isRepeat(pin)) return "A repeated digit or pattern is guessed first: choose another PIN.";
  if (COMMON_PINS.has(pin)) return "This is one of the most common PINs: choose another.";
  return null;
}

export type WitnessPinLockPolicy = { maxFailures: number; windowMinutes: number };

/** As sign-in: five wrong PINs for one witness within 15 minutes lock it for 15 minutes. */
export const WITNESS_PIN_LOCK: WitnessPinLockPolicy = { maxFailures: 5, windowMinutes: 15 };

/**
 * One PIN typed for a witness. `succeeded` is null while it is being checked: it counts as
 * a failure until decided, so a burst of guesses sent at once gets no more than the limit.
 */
export type WitnessPinAttempt = { at: Date; succeeded: boolean | null };

export type WitnessPinLock = { locked: false } | { locked: true; until: Date };

/**
 * Locked when `maxFailures` failures (or undecided attempts) since the last success fall
 * within one window; the lock lasts a window from the newest of them. Attempts refused by
 * the lock are not attempts, so a lock does not extend itself.
 */
export function witnessPinLock(attempts: WitnessPinAttempt[], now: Date, policy: WitnessPinLockPolicy = WITNESS_PIN_LOCK): WitnessPinLock {
  const windowMs = policy.windowMinutes * 60_000;
  // A right PIN and a wrong one at the same instant: the right one counts as the later, since
  // only someone who knows the PIN can type it.
  const newestFirst = [...attempts].sort((a, b) => b.at.getTime() - a.at.getTime() || Number(b.succeeded === true) - Number(a.succeeded === true));
  const lastSuccess = newestFirst.findIndex((a) => a.succeeded === true);
  const sinceSuccess = lastSuccess === -1 ? newestFirst : newestFirst.slice(0, lastSuccess);
  const failures = sinceSuccess.map((a) => a.at.getTime());
  for (let i = 0; i + policy.maxFailures - 1 < failures.length; i++) {
    const newest = failures[i]!;
    if (newest + windowMs <= now.getTime()) return { locked: false };
    if (newest - failures[i + policy.maxFailures - 1]! < windowMs) return { locked: true, until: new Date(newest + windowMs) };
  }
  return { locked: false };
}
