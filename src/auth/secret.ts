import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * The key that signs session tokens: NEXTAUTH_SECRET in any real deployment. For the
 * zero-setup embedded database a random key is made once and kept beside the data.
 */
export function authSecret(): string {
  const fromEnv = process.env.NEXTAUTH_SECRET;
  if (fromEnv) return fromEnv;
  if (process.env.DATABASE_URL?.startsWith("postgres")) {
    throw new Error("NEXTAUTH_SECRET must be set when running against PostgreSQL");
  }
  const file = path.resolve("data", "auth-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString("base64url"), { flag: "wx", mode: 0o600 });
  }
  return fs.readFileSync(file, "utf8").trim();
}
