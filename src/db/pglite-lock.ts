import fs from "node:fs";
import path from "node:path";
import { PRIVATE_FILE_MODE, privateDir } from "./private-files";

/**
 * PGlite is single-process: two processes opening one data directory corrupt it.
 * A lock file beside the directory names the owning process; a second opener fails
 * with a clear message instead. A lock left by a dead process is taken over.
 *
 * A process killed outright (SIGKILL, the OOM killer, a power cut) cannot remove its lock,
 * and by the time the app starts again its process id may belong to someone else: after a
 * reboot, or in a restarted container where ids are handed out afresh. So the lock also
 * records the boot and the owner's start time (Linux /proc), and a live process with the
 * same id but another boot or start time is not the owner. Elsewhere only the id is known.
 */
export function lockDataDir(dataDir: string): () => void {
  // The folder beside the data (./data) holds the database and the auth secret: its user's only.
  privateDir(path.dirname(dataDir));
  const lockPath = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, JSON.stringify({ pid: process.pid, ...identity(process.pid) }), { flag: "wx", mode: PRIVATE_FILE_MODE });
      const release = () => fs.rmSync(lockPath, { force: true });
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = readOwner(lockPath);
      if (owner.pid === process.pid) return () => fs.rmSync(lockPath, { force: true });
      if (!ownerGone(owner)) {
        throw new Error(
          `The embedded database at ${dataDir} is in use by process ${owner.pid}. ` +
            "Stop that process (the running app, a seed or a migration) and try again.",
        );
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock the embedded database at ${dataDir}`);
}

type Owner = { pid: number; boot?: string; started?: string };

/** The lock's owner: JSON, or a bare process id as older versions wrote it. */
function readOwner(lockPath: string): Owner {
  let text: string;
  try {
    text = fs.readFileSync(lockPath, "utf8");
  } catch (error) {
    // Released between our attempt and this read: nobody owns it now.
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { pid: 0 };
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === "number") return { pid: parsed };
    if (parsed && typeof parsed === "object" && "pid" in parsed) {
      const { pid, boot, started } = parsed as Record<string, unknown>;
      return { pid: Number(pid), boot: typeof boot === "string" ? boot : undefined, started: typeof started === "string" ? started : undefined };
    }
  } catch {
    // Not JSON: a bare id, or a lock half-written when its owner died (no owner then).
  }
  return { pid: Number(text) };
}

function ownerGone(owner: Owner): boolean {
  if (!isAlive(owner.pid)) return true;
  const now = identity(owner.pid);
  if (owner.boot && now.boot && owner.boot !== now.boot) return true;
  return Boolean(owner.started && now.started && owner.started !== now.started);
}

/** This boot, and when the process started within it (clock ticks since boot), where Linux tells. */
function identity(pid: number): { boot?: string; started?: string } {
  const boot = readProc("/proc/sys/kernel/random/boot_id");
  const stat = readProc(`/proc/${pid}/stat`);
  // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
  const started = stat?.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  return { boot, started };
}

function readProc(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
