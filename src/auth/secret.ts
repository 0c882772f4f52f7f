import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PRIVATE_FILE_MODE, privateDir } from "@/db/private-files";

/**
 * The key that signs session tokens: NEXTAUTH_SECRET in any real deployment. For the
 * zero-setup embedded database a random key is made once and kept beside the data, in a
 * file only the app's user can read (0600, in a 0700 folder).
 */
// Read once per process: the proxy asks on every request.
const keys = new Map<string, string>();

export function authSecret(dataDir: string = path.resolve("data")): string {
  const fromEnv = process.env.NEXTAUTH_SECRET;
  if (fromEnv) return fromEnv;
  if (process.env.DATABASE_URL?.startsWith("postgres")) {
    throw new Error("NEXTAUTH_SECRET must be set when running against PostgreSQL");
  }
  const file = path.join(dataDir, "auth-secret");
  const known = keys.get(file);
  if (known) return known;
  privateDir(dataDir);
  if (!fs.existsSync(file)) {
    fs.writeFileSync(file, randomBytes(32).toString("base64url"), { flag: "wx", mode: PRIVATE_FILE_MODE });
  }
  // A key written by an older version may be readable by others.
  fs.chmodSync(file, PRIVATE_FILE_MODE);
  const key = fs.readFileSync(file, "utf8").trim();
  keys.set(file, key);
  return key;
}
