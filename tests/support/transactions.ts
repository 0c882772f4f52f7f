import type { Tx } from "@/db/client";
import type { TestDatabase } from "./database";

/**
 * The test database with its `$transaction` counted: `watch.inTransaction` is how many
 * transactions are running their work at any moment, so a test can record it at each bcrypt
 * call and prove that hashing never holds a transaction open.
 */
export function countingTransactions(db: TestDatabase, watch: { inTransaction: number }): TestDatabase {
  const prisma = new Proxy(db.prisma, {
    get: (target, key) =>
      key === "$transaction"
        ? (work: (tx: Tx) => Promise<unknown>, options?: { maxWait?: number; timeout?: number }) =>
            target.$transaction(async (tx) => {
              watch.inTransaction++;
              try {
                return await work(tx);
              } finally {
                watch.inTransaction--;
              }
            }, options)
        : Reflect.get(target, key),
  });
  return { ...db, prisma } as TestDatabase;
}
