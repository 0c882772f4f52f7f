import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { authSecret } from "@/auth/secret";
import { backupDatabase } from "@/db/backup";
import { closeDatabase, openDatabase } from "@/db/client";
import { applyMigrations } from "@/db/schema-engine";

/**
 * Issue 16, finding 8, replayed: the embedded database's files were 0666 in 0755 folders and
 * the generated auth secret's mode was not restricted. Now folders are 0700 and files 0600.
 */

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "hat-modes-"));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

const mode = (target: string) => fs.statSync(target).mode & 0o777;

/** Every entry under dir (dir included) whose mode lets anyone but its owner in. */
function openToOthers(dir: string): string[] {
  const found = mode(dir) === 0o700 ? [] : [`${dir} ${mode(dir).toString(8)}`];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const target = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...openToOthers(target));
    else if (entry.isFile() && mode(target) !== 0o600) found.push(`${target} ${mode(target).toString(8)}`);
  }
  return found;
}

describe("files holding the clinic's data", () => {
  it("makes the embedded database's folders 0700 and its files 0600, the folder beside it included", async () => {
    const dataDir = path.join(root, "data", "pglite");
    const database = openDatabase({ kind: "pglite", dataDir });
    await applyMigrations(database.handle.factory);
    await database.prisma.site.create({ data: { code: "MODE", name: "Mode clinic" } });
    expect(fs.readdirSync(path.dirname(dataDir))).toContain("pglite.lock");
    expect(openToOthers(path.dirname(dataDir))).toEqual([]);
    await closeDatabase(database);
    expect(openToOthers(path.dirname(dataDir))).toEqual([]);
  });

  it("narrows a data directory left open by an older version when it is opened", async () => {
    const dataDir = path.join(root, "data", "pglite");
    fs.chmodSync(path.dirname(dataDir), 0o755);
    fs.chmodSync(dataDir, 0o755);
    fs.chmodSync(path.join(dataDir, "PG_VERSION"), 0o666);
    const database = openDatabase({ kind: "pglite", dataDir });
    expect(openToOthers(path.dirname(dataDir))).toEqual([]);
    await closeDatabase(database);
  });

  it("writes a backup 0600 in a 0700 folder", async () => {
    const file = path.join(root, "backups", "hat.tar.gz");
    await backupDatabase({ kind: "pglite", dataDir: path.join(root, "data", "pglite") }, file);
    expect(mode(file)).toBe(0o600);
    expect(mode(path.dirname(file))).toBe(0o700);
  });

  it("writes the generated auth secret 0600 in a 0700 folder, and narrows one written before", () => {
    vi.stubEnv("NEXTAUTH_SECRET", "");
    vi.stubEnv("DATABASE_URL", "");
    const dir = path.join(root, "secret");
    const key = authSecret(dir);
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(mode(path.join(dir, "auth-secret"))).toBe(0o600);
    expect(mode(dir)).toBe(0o700);

    const older = path.join(root, "older");
    fs.mkdirSync(older, { mode: 0o755 });
    fs.chmodSync(older, 0o755);
    fs.writeFileSync(path.join(older, "auth-secret"), "an-older-key");
    fs.chmodSync(path.join(older, "auth-secret"), 0o644);
    expect(authSecret(older)).toBe("an-older-key");
    expect(mode(path.join(older, "auth-secret"))).toBe(0o600);
    expect(mode(older)).toBe(0o700);
  });
});
