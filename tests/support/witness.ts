import type { Actor } from "@/auth/actor";
import type { Db, Tx } from "@/db/client";
import type { CheckedWitness } from "@/server/witness";

/**
 * A witnessed step as its server action runs it: the record and the witness's PIN are
 * checked first, outside any transaction, then the step runs in its own transaction.
 */
export async function witnessed<I, T>(
  prisma: Db,
  check: (db: Db, actor: Actor, input: I, now?: Date) => Promise<CheckedWitness>,
  step: (tx: Tx, actor: Actor, input: I, witness: CheckedWitness, now?: Date) => Promise<T>,
  actor: Actor,
  input: I,
  now?: Date,
): Promise<T> {
  const witness = await check(prisma, actor, input, now);
  return prisma.$transaction((tx) => step(tx, actor, input, witness, now), { maxWait: 30_000, timeout: 30_000 });
}
