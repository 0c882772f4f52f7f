import bcrypt from "bcryptjs";

// bcrypt at cost 12: ~250 ms per check in pure JS, slow enough to blunt offline guessing.
const COST = 12;

export function hashPassword(plain: string): Promise<string> {
  return bcrypt.hash(plain, COST);
}

export function verifyPassword(plain: string, hash: string): Promise<boolean> {
  return bcrypt.compare(plain, hash);
}
