import fs from "node:fs";
import path from "node:path";
import { isMainThread } from "node:worker_threads";

/**
 * The embedded database, its backups and the auth secret hold every participant's identity
 * or the key to it (issue 16, finding 8: the data files were 0666 in 0755 folders). They are
 * readable by the app's own user only: folders 0700, files 0600.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Every file this process creates from now on is its user's alone. PGlite keeps creating
 * files (tables, WAL segments) with Node's default modes, so the process mask is what
 * holds for them. Worker threads share the mask and may not set it; the main thread does.
 */
export function createPrivateFiles(): void {
  if (isMainThread) process.umask(0o077);
}

/** A folder for private files: made 0700 (with any missing parents), or narrowed to 0700. */
export function privateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  fs.chmodSync(dir, PRIVATE_DIR_MODE);
}

/**
 * Narrows what is already there (a data directory made by an older version, or files PGlite
 * wrote with modes of its own) to 0700 / 0600. A file removed meanwhile (the database
 * renames and drops files as it runs) is simply gone.
 */
export function makePrivate(dir: string): void {
  let entries: fs.Dirent[];
  try {
    fs.chmodSync(dir, PRIVATE_DIR_MODE);
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if (isGone(error)) return;
    throw error;
  }
  for (const entry of entries) {
    const target = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      makePrivate(target);
      continue;
    }
    if (!entry.isFile()) continue;
    try {
      fs.chmodSync(target, PRIVATE_FILE_MODE);
    } catch (error) {
      if (!isGone(error)) throw error;
    }
  }
}

const isGone = (error: unknown) => (error as NodeJS.ErrnoException).code === "ENOENT";
