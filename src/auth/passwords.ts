import { hash, verify } from "@node-rs/bcrypt";
import pLimit from "p-limit";

/**
 * Password and witness PIN hashing. bcrypt runs natively on libuv's thread pool
 * (@node-rs/bcrypt), never on the server's only JavaScript thread, and reads the hashes
 * bcryptjs wrote before it. Hashing is deliberately slow, so it is rationed in two queues:
 * sign-in attempts (anyone can send those) one at a time, and signed-in staff (witness PINs,
 * password changes) two at a time. A flood of sign-in attempts queues behind itself and
 * takes one core at most; a witness's PIN never waits behind it.
 */
const signInHashing = pLimit(1);
const staffHashing = pLimit(2);

// Passwords: cost 12, about 240 ms a check here, slow enough to blunt offline guessing.
const PASSWORD_COST = 12;
// Witness PINs: six digits are a million guesses whatever the cost, so the lockout gives the
// PIN its strength (src/domain/witness-pin.ts). Cost 8 (about 16 ms) keeps twenty tablets
// drawing at once inside a second.
const PIN_COST = 8;
// Checked when the witness is unknown or has no PIN, so every answer takes as long.
const DUMMY_PIN_HASH = "$2b$08$8peDGrm6jk6JZwggLw2scORiaunTHVjHZFlosY7GF5lkCKZ3PWGRC";

export function hashPassword(plain: string): Promise<string> {
  return staffHashing(() => hash(plain, { cost: PASSWORD_COST }));
}

/** A signed-in member of staff's own password (changing it or their PIN). */
export function verifyPassword(plain: string, stored: string): Promise<boolean> {
  return staffHashing(() => verify(plain, stored));
}

/** A sign-in attempt: its own queue, so unauthenticated requests cannot hold up dosing. */
export function verifySignInPassword(plain: string, stored: string): Promise<boolean> {
  return signInHashing(() => verify(plain, stored));
}

export function hashWitnessPin(pin: string): Promise<string> {
  return staffHashing(() => hash(pin, { cost: PIN_COST }));
}

/** False when `stored` is null (no such witness, or no PIN set), after the same work as a real check. */
export async function verifyWitnessPin(pin: string, stored: string | null): Promise<boolean> {
  const matches = await staffHashing(() => verify(pin, stored ?? DUMMY_PIN_HASH));
  return stored !== null && matches;
}
