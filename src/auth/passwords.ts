import { hash, verify } from "@node-rs/bcrypt";
import PQueue from "p-queue";

/**
 * Password and witness PIN hashing. bcrypt runs natively on libuv's thread pool
 * (@node-rs/bcrypt), never on the server's only JavaScript thread, and reads the hashes
 * bcryptjs wrote before it. Hashing is deliberately slow, so it is rationed: two hashes at a
 * time, signed-in staff's (witness PINs, password changes) first. Sign-in attempts, which
 * anyone can send, hash one at a time and only when no staff hash is waiting: a flood of them
 * queues behind itself and cannot hold up a witness's PIN by more than one hash.
 */
const hashing = new PQueue({ concurrency: 2 });
const signInAttempts = new PQueue({ concurrency: 1 });
const STAFF = 1;
const SIGN_IN = 0;

function staffHash<T>(work: () => Promise<T>): Promise<T> {
  return hashing.add(work, { priority: STAFF, throwOnTimeout: true });
}

function signInHash<T>(work: () => Promise<T>): Promise<T> {
  return signInAttempts.add(() => hashing.add(work, { priority: SIGN_IN, throwOnTimeout: true }), { throwOnTimeout: true });
}

// Passwords: cost 12, about 240 ms a check here, slow enough to blunt offline guessing.
const PASSWORD_COST = 12;
// Witness PINs: six digits are a million guesses whatever the cost, so the lockout gives the
// PIN its strength (src/domain/witness-pin.ts). Cost 8 (about 16 ms) keeps twenty tablets
// drawing at once inside a second.
const PIN_COST = 8;
// Checked when the witness is unknown or has no PIN, so every answer takes as long.
const DUMMY_PIN_HASH = "$2b$08$8peDGrm6jk6JZwggLw2scORiaunTHVjHZFlosY7GF5lkCKZ3PWGRC";

export function hashPassword(plain: string): Promise<string> {
  return staffHash(() => hash(plain, { cost: PASSWORD_COST }));
}

/** A signed-in member of staff's own password (changing it or their PIN). */
export function verifyPassword(plain: string, stored: string): Promise<boolean> {
  return staffHash(() => verify(plain, stored));
}

/** A sign-in attempt: its own queue, so unauthenticated requests cannot hold up dosing. */
export function verifySignInPassword(plain: string, stored: string): Promise<boolean> {
  return signInHash(() => verify(plain, stored));
}

export function hashWitnessPin(pin: string): Promise<string> {
  return staffHash(() => hash(pin, { cost: PIN_COST }));
}

/** False when `stored` is null (no such witness, or no PIN set), after the same work as a real check. */
export async function verifyWitnessPin(pin: string, stored: string | null): Promise<boolean> {
  const matches = await staffHash(() => verify(pin, stored ?? DUMMY_PIN_HASH));
  return stored !== null && matches;
}
