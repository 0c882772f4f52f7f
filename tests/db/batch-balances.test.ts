import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localDateToDb } from "@/domain/clinic-time";
import type { CdEntryKind } from "@/generated/prisma/client";
import { freshDatabase, type TestDatabase } from "../support/database";
import { makeSite, makeUser } from "../support/fixtures";

/**
 * Choosing ampoules for a dose reads BatchBalance, which a trigger on ControlledDrugEntry
 * keeps. Whatever is entered, each balance must equal adding up the batch's entries.
 */

let db: TestDatabase;
let siteId: string;
let userId: string;
const productIds: string[] = [];

beforeAll(async () => {
  db = await freshDatabase();
  siteId = (await makeSite(db.prisma)).id;
  userId = (await makeUser(db.prisma, siteId, "PHARMACIST")).id;
  for (const strengthMg of [100, 500]) {
    productIds.push((await db.prisma.drugProduct.create({ data: { siteId, name: "Diamorphine hydrochloride", strengthMg, form: "ampoule" } })).id);
  }
});
afterAll(() => db?.close());

async function readModel() {
  const rows = await db.prisma.batchBalance.findMany({ orderBy: [{ productId: "asc" }, { batch: "asc" }] });
  return rows.map((r) => ({ productId: r.productId, batch: r.batch, expiresOn: r.expiresOn?.toISOString().slice(0, 10) ?? null, balance: r.balance }));
}

async function addedUpFromEntries() {
  const entries = await db.prisma.controlledDrugEntry.findMany();
  const byBatch = new Map<string, { productId: string; batch: string; expiresOn: string | null; balance: number }>();
  for (const e of entries) {
    const key = `${e.productId}|${e.batch}`;
    const row = byBatch.get(key) ?? { productId: e.productId, batch: e.batch, expiresOn: null, balance: 0 };
    const expiresOn = e.expiresOn?.toISOString().slice(0, 10) ?? null;
    if (expiresOn && (!row.expiresOn || expiresOn > row.expiresOn)) row.expiresOn = expiresOn;
    row.balance += e.kind === "RECEIPT" ? e.quantity : e.kind === "ANNOTATION" ? 0 : -e.quantity;
    byBatch.set(key, row);
  }
  return [...byBatch.values()].sort((a, b) => (a.productId + a.batch < b.productId + b.batch ? -1 : 1));
}

const entry = fc.record({
  kind: fc.constantFrom<CdEntryKind>("RECEIPT", "SUPPLY", "RETURN", "DESTRUCTION", "ANNOTATION"),
  product: fc.nat(1),
  batch: fc.constantFrom("A1", "B2", "C3"),
  quantity: fc.integer({ min: 0, max: 50 }),
  expiresOn: fc.option(fc.constantFrom("2027-01-31", "2027-06-30", "2028-02-29"), { nil: null }),
});

describe("the BatchBalance read model", () => {
  it("always equals each batch's entries added up, one entry or many at a time", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(entry, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }), async (statements) => {
        for (const entries of statements) {
          await db.prisma.controlledDrugEntry.createMany({
            data: entries.map((e) => ({
              siteId,
              productId: productIds[e.product]!,
              kind: e.kind,
              occurredAt: new Date(),
              batch: e.batch,
              expiresOn: e.kind === "RECEIPT" && e.expiresOn ? localDateToDb(e.expiresOn) : null,
              quantity: e.quantity,
              madeById: userId,
            })),
          });
        }
        expect(await readModel()).toEqual(await addedUpFromEntries());
      }),
      { numRuns: 25 },
    );
  });

  it("rolls back with the entry's transaction", async () => {
    const before = await readModel();
    await expect(
      db.prisma.$transaction(async (tx) => {
        await tx.controlledDrugEntry.create({ data: { siteId, productId: productIds[0]!, kind: "RECEIPT", occurredAt: new Date(), batch: "A1", quantity: 10, madeById: userId } });
        throw new Error("abandoned");
      }),
    ).rejects.toThrow("abandoned");
    expect(await readModel()).toEqual(before);
  });
});
