import { AsyncLocalStorage } from "node:async_hooks";
import { vi } from "vitest";
import type { Actor } from "@/auth/actor";
import type { TestDatabase } from "./database";

/**
 * Runs real server actions against a test database: the signed-in actor is whoever the
 * test says, and `db()` is the test database. Call at the top of a test file.
 */
export const signedInAs: { actor: Actor | null } = { actor: null };

/** Per-call actor for simultaneous requests by different staff (see actingAs). */
const requestActor = new AsyncLocalStorage<Actor>();

vi.mock("@/auth/session", () => ({ currentActor: async () => requestActor.getStore() ?? signedInAs.actor }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

/** Calls an action as this member of staff, as a request carrying their session would. */
export function actingAs<T>(actor: Actor, call: () => Promise<T>): Promise<T> {
  return requestActor.run(actor, call);
}

export function useTestDatabase(db: TestDatabase) {
  (globalThis as unknown as { hatDatabase?: { prisma: unknown } }).hatDatabase = { prisma: db.prisma };
}

export function form(fields: Record<string, string | number>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, String(value));
  return data;
}
