import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { authoriseLateDose } from "@/server/dose-sessions";
import { closeWhatIsDue } from "@/server/session-closure";
import { confirmedClose } from "../support/closing";
import { freshDatabase, type TestDatabase } from "../support/database";
import { doseClinic } from "../support/dose-clinic";

/**
 * Issue 18 (twenty tablets through the server): every Today render opened a write
 * transaction to close the sessions nobody closed, though almost always nothing was due.
 * Today now asks first, reading only, and writes only when a session or a late dose is due.
 */
let db: TestDatabase;
const { run, DAY, at, clinic, closedFortnight, participant, assessed, checkedIn } = doseClinic(() => db);

beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(async () => {
  await db.close();
});

/** The database with its transactions counted. */
function counted(): { prisma: Db; transactions: () => number } {
  let transactions = 0;
  const prisma = new Proxy(db.prisma, {
    get: (target, key) => {
      if (key !== "$transaction") return Reflect.get(target, key);
      return (...args: Parameters<Db["$transaction"]>) => {
        transactions++;
        return (target.$transaction as (...a: unknown[]) => unknown)(...args);
      };
    },
  });
  return { prisma, transactions: () => transactions };
}

describe("closing what is due before Today is read", () => {
  it("opens no transaction when every past session is closed and no late dose has run out", async () => {
    const c = await clinic();
    await closedFortnight(c);
    await participant(c);
    await run((tx) => confirmedClose(tx, c.nurse, { siteId: c.siteId, date: DAY, slot: "AM" }, at("11:05")));
    const { prisma, transactions } = counted();
    expect(await closeWhatIsDue(prisma, c.siteId, at("15:00"))).toEqual([]);
    expect(transactions()).toBe(0);
  });

  it("closes a session nobody closed, in one transaction, then has nothing left to do", async () => {
    const c = await clinic();
    await closedFortnight(c);
    const p = await participant(c);
    await participant(c);
    // Worked on the system (not an outage): one check-in, nobody dosed.
    await checkedIn(c, p.participantId, at("08:30"));
    const { prisma, transactions } = counted();
    expect(await closeWhatIsDue(prisma, c.siteId, at("15:00"))).toEqual([{ date: DAY, slot: "AM" }]);
    expect(transactions()).toBe(1);
    expect(await closeWhatIsDue(prisma, c.siteId, at("15:01"))).toEqual([]);
    expect(transactions()).toBe(1);
  });

  it("withholds a late dose whose time ran out after the close, though every session is closed", async () => {
    const c = await clinic();
    await closedFortnight(c);
    const { participantId } = await participant(c);
    const id = await assessed(c, participantId, at("10:55"));
    await run((tx) => authoriseLateDose(tx, c.prescriber, { doseSessionId: id, reason: "Bus was late" }, at("11:02")));
    await run((tx) => confirmedClose(tx, c.nurse, { siteId: c.siteId, date: DAY, slot: "AM" }, at("11:05")));
    const { prisma, transactions } = counted();
    await closeWhatIsDue(prisma, c.siteId, at("14:00"));
    expect(transactions()).toBe(0);
    await closeWhatIsDue(prisma, c.siteId, at("15:00"));
    expect(transactions()).toBe(1);
    expect(await db.prisma.doseSession.findUniqueOrThrow({ where: { id } })).toMatchObject({ stage: "CLOSED", outcome: "WITHHELD" });
  });
});
