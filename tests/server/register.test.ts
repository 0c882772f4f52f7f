import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/auth/actor";
import { hashPassword } from "@/auth/passwords";
import { clinicInstant, localDateToDb } from "@/domain/clinic-time";
import {
  annotateEntry,
  checkReceiptWitness,
  checkRemovalWitness,
  checkStockCheckWitness,
  receiveStock,
  recordStockCheck,
  recordSupplyForDose,
  registerForProduct,
  registersForPrint,
  removeStock,
  stockCheckHistory,
  stockChecksDue,
  stockChecksDueBySite,
  stockDiscrepancies,
} from "@/server/register";
import { ReceiveStockInput, RemoveStockInput, StockCheckInput } from "@/server/register.input";
import { freshDatabase, type TestDatabase } from "../support/database";
import { makeEnrolledParticipant, makeSite } from "../support/fixtures";
import { witnessed } from "../support/witness";

let db: TestDatabase;
let pharmacist: Actor;
let nurse: Actor;
let productId: string;
let participantId: string;
let episodeId: string;
let prescriberId: string;

async function staff(siteId: string, role: "PHARMACIST" | "NURSE" | "PRESCRIBER", email: string, pin: string): Promise<Actor> {
  const user = await db.prisma.user.create({ data: { email, name: email.split("@")[0]!, role, siteId, passwordHash: "x", witnessPinHash: await hashPassword(pin) } });
  return { userId: user.id, name: user.name, role, siteId };
}

beforeAll(async () => {
  db = await freshDatabase();
  const site = await makeSite(db.prisma);
  pharmacist = await staff(site.id, "PHARMACIST", "cd.lead@t.example", "468035");
  nurse = await staff(site.id, "NURSE", "nurse@t.example", "135792");
  prescriberId = (await staff(site.id, "PRESCRIBER", "doctor@t.example", "357924")).userId;
  productId = (await db.prisma.drugProduct.create({ data: { siteId: site.id, name: "Diamorphine hydrochloride", strengthMg: 100, form: "ampoule" } })).id;
  const enrolled = await makeEnrolledParticipant(db.prisma, site.id, prescriberId);
  participantId = enrolled.participant.id;
  episodeId = enrolled.episode.id;
});
afterAll(() => db?.close());

const run = <T>(fn: (tx: Parameters<Parameters<TestDatabase["prisma"]["$transaction"]>[0]>[0]) => Promise<T>) => db.prisma.$transaction(fn);
const receipt = { batch: "B1", expiresOn: "2027-12-31", quantity: 10, supplier: "Wholesaler Ltd" };
// A fixed clock for receipts: a receipt is refused once its expiry date has passed.
const receivedAt = clinicInstant("2026-03-01", "09:00");

async function doseSession(date: string) {
  return db.prisma.doseSession.create({ data: { siteId: pharmacist.siteId, participantId, episodeId, sessionDate: localDateToDb(date), slot: "AM", stage: "ADMINISTERED", outcome: "DOSED", givenMg: 180 } });
}

describe("the controlled-drug register", () => {
  it("records a witnessed receipt", async () => {
    await witnessed(db.prisma, checkReceiptWitness, receiveStock, pharmacist, { ...receipt, productId, witnessEmail: "nurse@t.example", witnessPin: "135792" }, receivedAt);
    const register = await run((tx) => registerForProduct(tx, pharmacist.siteId, productId, {}));
    expect(register).toMatchObject({ balance: 10, lines: [{ kind: "RECEIPT", quantity: 10, witnessId: nurse.userId, madeById: pharmacist.userId }] });
  });

  it("refuses a receipt witnessed by the person making it, or with a wrong PIN, and writes nothing", async () => {
    await expect(witnessed(db.prisma, checkReceiptWitness, receiveStock, pharmacist, { ...receipt, productId, witnessEmail: "cd.lead@t.example", witnessPin: "468035" }, receivedAt)).rejects.toMatchObject({ code: "witness.self" });
    await expect(witnessed(db.prisma, checkReceiptWitness, receiveStock, pharmacist, { ...receipt, productId, witnessEmail: "nurse@t.example", witnessPin: "000000" }, receivedAt)).rejects.toMatchObject({ code: "witness.notConfirmed" });
    expect(await db.prisma.controlledDrugEntry.count()).toBe(1);
  });

  it("writes exactly one supply line for a dose, with the ampoules opened and the waste", async () => {
    const session = await doseSession("2026-03-01");
    await run((tx) => recordSupplyForDose(tx, nurse, { doseSessionId: session.id, participantId, prescriberId, witnessId: prescriberId, doseMg: 180, productId, batch: "B1", at: new Date() }));
    const supplies = await db.prisma.controlledDrugEntry.findMany({ where: { kind: "SUPPLY" } });
    expect(supplies).toMatchObject([{ doseSessionId: session.id, quantity: 2, mgUsed: 180, mgWasted: 20, participantId, prescriberId, madeById: nurse.userId }]);
    await expect(run((tx) => recordSupplyForDose(tx, nurse, { doseSessionId: session.id, participantId, prescriberId, witnessId: prescriberId, doseMg: 180, productId, batch: "B1", at: new Date() }))).rejects.toMatchObject({ code: "P2002" });
  });

  it("writes no supply line when the dose's transaction fails", async () => {
    const session = await doseSession("2026-03-02");
    const before = await db.prisma.controlledDrugEntry.count();
    await expect(
      run(async (tx) => {
        await recordSupplyForDose(tx, nurse, { doseSessionId: session.id, participantId, prescriberId, witnessId: prescriberId, doseMg: 100, productId, batch: "B1", at: new Date() });
        throw new Error("the dose step failed after the supply was written");
      }),
    ).rejects.toThrow("the dose step failed");
    expect(await db.prisma.controlledDrugEntry.count()).toBe(before);
  });

  it("refuses a dose the register's stock cannot cover", async () => {
    const session = await doseSession("2026-03-03");
    await expect(run((tx) => recordSupplyForDose(tx, nurse, { doseSessionId: session.id, participantId, prescriberId, witnessId: prescriberId, doseMg: 900, productId, batch: "B1", at: new Date() }))).rejects.toMatchObject({ code: "register.batch" });
  });

  it("refuses destruction without a different, authorised witness", async () => {
    const destroy = { productId, batch: "B1", quantity: 1, kind: "DESTRUCTION" as const, note: "Damaged ampoule" };
    await expect(witnessed(db.prisma, checkRemovalWitness, removeStock, pharmacist, { ...destroy, witnessEmail: "cd.lead@t.example", witnessPin: "468035" })).rejects.toMatchObject({ code: "witness.self" });
    await expect(witnessed(db.prisma, checkRemovalWitness, removeStock, pharmacist, { ...destroy, witnessEmail: "nurse@t.example", witnessPin: "135792" })).rejects.toMatchObject({ code: "witness.role" });
    await witnessed(db.prisma, checkRemovalWitness, removeStock, pharmacist, { ...destroy, witnessEmail: "doctor@t.example", witnessPin: "357924" });
    const register = await run((tx) => registerForProduct(tx, pharmacist.siteId, productId, {}));
    expect(register!.balance).toBe(10 - 2 - 1);
  });

  it("refuses to destroy more than the batch holds", async () => {
    await expect(
      witnessed(db.prisma, checkRemovalWitness, removeStock, pharmacist, { productId, batch: "B1", quantity: 8, kind: "DESTRUCTION", note: "Expired", witnessEmail: "doctor@t.example", witnessPin: "357924" }),
    ).rejects.toMatchObject({ code: "register.notEnough" });
  });

  it("never lets an entry be updated or deleted; a correction is an annotation pointing at it", async () => {
    const first = await db.prisma.controlledDrugEntry.findFirstOrThrow({ where: { kind: "RECEIPT" } });
    await expect(db.sql(`UPDATE "ControlledDrugEntry" SET quantity = 100 WHERE id = $1`, [first.id])).rejects.toThrow(/append-only/);
    await expect(db.sql(`DELETE FROM "ControlledDrugEntry" WHERE id = $1`, [first.id])).rejects.toThrow(/append-only/);
    await run((tx) => annotateEntry(tx, pharmacist, { entryId: first.id, note: "Supplier's delivery note number was 88412" }));
    const register = await run((tx) => registerForProduct(tx, pharmacist.siteId, productId, {}));
    expect(register!.lines.at(-1)).toMatchObject({ kind: "ANNOTATION", annotatesId: first.id, quantity: 0, balance: 7 });
  });

  it("records a two-person stock check and raises a discrepancy until a recount agrees", async () => {
    const short = await witnessed(db.prisma, checkStockCheckWitness, recordStockCheck, pharmacist, { productId, batch: "B1", counted: 6, notes: "One missing: investigating", witnessEmail: "nurse@t.example", witnessPin: "135792" });
    expect(short.discrepancy).toBe(-1);
    expect(await stockDiscrepancies(db.prisma, pharmacist.siteId)).toMatchObject([{ batch: "B1", expected: 7, counted: 6 }]);
    await witnessed(db.prisma, checkStockCheckWitness, recordStockCheck, pharmacist, { productId, batch: "B1", counted: 7, notes: "Found in the second safe", witnessEmail: "nurse@t.example", witnessPin: "135792" });
    expect(await stockDiscrepancies(db.prisma, pharmacist.siteId)).toEqual([]);
  });
});

describe("what the register will take", () => {
  let strongId: string;
  const nurseWitness = { witnessEmail: "nurse@t.example", witnessPin: "135792" };
  const authorisedWitness = { witnessEmail: "doctor@t.example", witnessPin: "357924" };
  // As the forms post it: the action parses with these schemas before the service runs.
  const receive = (fields: { batch: string; expiresOn: string }, now: Date) =>
    witnessed(db.prisma, checkReceiptWitness, receiveStock, pharmacist, ReceiveStockInput.parse({ productId: strongId, quantity: "12", supplier: "Wholesaler Ltd", ...nurseWitness, ...fields }), now);
  const check = (fields: { productId?: string; batch: string; counted: string }) =>
    witnessed(db.prisma, checkStockCheckWitness, recordStockCheck, pharmacist, StockCheckInput.parse({ productId: strongId, ...nurseWitness, ...fields }));
  const writes = async () => ({ entries: await db.prisma.controlledDrugEntry.count(), checks: await db.prisma.stockCheck.count(), audit: await db.prisma.auditEvent.count() });

  beforeAll(async () => {
    strongId = (await db.prisma.drugProduct.create({ data: { siteId: pharmacist.siteId, name: "Diamorphine hydrochloride", strengthMg: 500, form: "ampoule" } })).id;
  });

  it("refuses a receipt of a batch past its expiry date on the clinic's date, and writes no entry and no audit row", async () => {
    const before = await writes();
    // 00:30 on 15 June in London is still 14 June in UTC: the clinic's date is the one that counts.
    const justAfterMidnight = new Date("2026-06-14T23:30:00Z");
    await expect(receive({ batch: "X1", expiresOn: "2026-06-14" }, justAfterMidnight)).rejects.toMatchObject({ code: "register.expired", fieldErrors: { expiresOn: expect.any(String) } });
    await expect(receive({ batch: "X1", expiresOn: "2025-01-31" }, justAfterMidnight)).rejects.toMatchObject({ code: "register.expired" });
    expect(await writes()).toEqual(before);
  });

  it("takes a batch on its expiry date, with its number trimmed and upper-cased", async () => {
    await receive({ batch: "  lot  t9 ", expiresOn: "2026-06-15" }, clinicInstant("2026-06-15", "17:00"));
    expect(await db.prisma.controlledDrugEntry.findFirst({ where: { productId: strongId }, select: { batch: true } })).toEqual({ batch: "LOT T9" });
  });

  it("stores a batch typed in lower case in upper case, and a stock check typed in lower case finds it", async () => {
    await receive({ batch: "t1 ", expiresOn: "2027-12-31" }, clinicInstant("2026-06-16", "09:00"));
    const entries = await db.prisma.controlledDrugEntry.findMany({ where: { productId: strongId, batch: { in: ["T1", "t1", "t1 "] } }, select: { batch: true } });
    expect(entries).toEqual([{ batch: "T1" }]);
    const counted = await check({ batch: "t1", counted: "12" });
    expect(counted.discrepancy).toBe(0);
    expect(await db.prisma.stockCheck.findUniqueOrThrow({ where: { id: counted.id } })).toMatchObject({ batch: "T1", expected: 12, counted: 12 });
  });

  it("refuses a stock check on a batch this product's register has never had, and writes nothing", async () => {
    const before = await writes();
    await expect(check({ batch: "NEVER-1", counted: "0" })).rejects.toMatchObject({ code: "register.noBatch", fieldErrors: { batch: expect.any(String) } });
    // B1 is in the 100 mg register, not this one.
    await expect(check({ batch: "B1", counted: "7" })).rejects.toMatchObject({ code: "register.noBatch" });
    expect(await writes()).toEqual(before);
    expect(await stockDiscrepancies(db.prisma, pharmacist.siteId)).toEqual([]);
  });

  it("refuses the destruction or return of a batch never received, and writes nothing", async () => {
    const before = await writes();
    for (const kind of ["DESTRUCTION", "RETURN"] as const) {
      await expect(
        witnessed(db.prisma, checkRemovalWitness, removeStock, pharmacist, RemoveStockInput.parse({ productId: strongId, batch: "never-1", quantity: "1", kind, note: "Damaged", ...authorisedWitness })),
      ).rejects.toMatchObject({ code: "register.noBatch", fieldErrors: { batch: expect.any(String) } });
    }
    expect(await writes()).toEqual(before);
  });

  it("destroys from a batch typed in lower case", async () => {
    await witnessed(db.prisma, checkRemovalWitness, removeStock, pharmacist, RemoveStockInput.parse({ productId: strongId, batch: " t1", quantity: "2", kind: "DESTRUCTION", note: "Damaged", ...authorisedWitness }));
    expect(await db.prisma.controlledDrugEntry.findFirst({ where: { productId: strongId, kind: "DESTRUCTION" }, select: { batch: true, quantity: true } })).toEqual({ batch: "T1", quantity: 2 });
  });

  it("lists the batches this product's register holds, with balance and expiry, for the stock-check and removal forms to choose from", async () => {
    const register = await run((tx) => registerForProduct(tx, pharmacist.siteId, strongId, {}));
    expect(register!.batches).toEqual([
      { batch: "LOT T9", balance: 12, expiresOn: "2026-06-15" },
      { batch: "T1", balance: 10, expiresOn: "2027-12-31" },
    ]);
  });
});

describe("stock-check history and when the next check is due", () => {
  let checkedId: string;
  const nurseWitness = { witnessEmail: "nurse@t.example", witnessPin: "135792" };
  const countOn = (date: string, counted: string, notes?: string) =>
    witnessed(db.prisma, checkStockCheckWitness, recordStockCheck, pharmacist, StockCheckInput.parse({ productId: checkedId, batch: "W1", counted, notes, ...nurseWitness }), clinicInstant(date, "10:00"));

  beforeAll(async () => {
    checkedId = (await db.prisma.drugProduct.create({ data: { siteId: pharmacist.siteId, name: "Diamorphine hydrochloride", strengthMg: 30, form: "ampoule" } })).id;
    const input = ReceiveStockInput.parse({ productId: checkedId, batch: "W1", expiresOn: "31/12/2027", quantity: "10", supplier: "Wholesaler Ltd", ...nurseWitness });
    await witnessed(db.prisma, checkReceiptWitness, receiveStock, pharmacist, input, clinicInstant("2026-03-02", "09:00"));
  });

  const dueFor = async (today: string) => (await run((tx) => stockChecksDue(tx, pharmacist.siteId, today))).products.find((p) => p.productId === checkedId)!.due;

  it("falls due a week after a batch is received when it has never been counted", async () => {
    expect(await dueFor("2026-03-08")).toMatchObject({ status: "notDue", dueOn: "2026-03-09" });
    expect(await dueFor("2026-03-09")).toMatchObject({ status: "dueToday", batchesDue: ["W1"] });
    expect(await dueFor("2026-03-11")).toMatchObject({ status: "overdue", daysOverdue: 2 });
  });

  it("lists each check newest first, with the difference and both checkers, and counts the week from the latest", async () => {
    await countOn("2026-03-05", "9", "One short: investigating");
    await countOn("2026-03-06", "10");
    expect(await run((tx) => stockCheckHistory(tx, pharmacist.siteId, checkedId))).toMatchObject([
      { batch: "W1", checkedAt: clinicInstant("2026-03-06", "10:00"), expected: 10, counted: 10, difference: 0, checkedBy: "cd.lead", secondChecker: "nurse", notes: null },
      { batch: "W1", checkedAt: clinicInstant("2026-03-05", "10:00"), expected: 10, counted: 9, difference: -1, checkedBy: "cd.lead", secondChecker: "nurse", notes: "One short: investigating" },
    ]);
    expect(await dueFor("2026-03-12")).toMatchObject({ status: "notDue", dueOn: "2026-03-13" });
    expect(await dueFor("2026-03-14")).toMatchObject({ status: "overdue", daysOverdue: 1 });
  });

  it("follows the clinic's interval setting", async () => {
    await db.prisma.setting.create({ data: { siteId: pharmacist.siteId, key: "stockCheckIntervalDays", value: 14 } });
    try {
      expect(await run((tx) => stockChecksDue(tx, pharmacist.siteId, "2026-03-14"))).toMatchObject({ intervalDays: 14 });
      expect(await dueFor("2026-03-14")).toMatchObject({ status: "notDue", dueOn: "2026-03-20" });
    } finally {
      await db.prisma.setting.deleteMany({ where: { siteId: pharmacist.siteId, key: "stockCheckIntervalDays" } });
    }
  });

  it("gives the board each site's products and due dates, and no one's name", async () => {
    const other = await db.prisma.site.create({ data: { code: "OTH", name: "Other clinic" } });
    const all = await run((tx) => stockChecksDueBySite(tx, null, "2026-03-14"));
    expect(all.map((s) => s.siteId)).toEqual(expect.arrayContaining([pharmacist.siteId, other.id]));
    const own = await run((tx) => stockChecksDueBySite(tx, pharmacist.siteId, "2026-03-14"));
    expect(own).toHaveLength(1);
    expect(own[0]!.products.find((p) => p.productId === checkedId)).toEqual({ productId: checkedId, product: "Diamorphine hydrochloride 30 mg", due: { status: "overdue", dueOn: "2026-03-13", daysOverdue: 1, batchesDue: ["W1"] } });
    expect(JSON.stringify(own)).not.toMatch(/cd\.lead|nurse/);
  });

  it("prints one product's register page, or every product's, each with its lines and running balance", async () => {
    const one = await run((tx) => registersForPrint(tx, pharmacist.siteId, checkedId, {}));
    expect(one.site).toEqual(expect.any(String));
    expect(one.registers.map((r) => r.product.id)).toEqual([checkedId]);
    expect(one.registers[0]!.lines).toMatchObject([{ kind: "RECEIPT", supplier: "Wholesaler Ltd", quantity: 10, balance: 10 }]);
    const all = await run((tx) => registersForPrint(tx, pharmacist.siteId, null, {}));
    expect(all.registers.map((r) => r.product.strengthMg)).toEqual([...all.registers.map((r) => r.product.strengthMg)].sort((a, b) => a - b));
    expect(all.registers.length).toBeGreaterThan(1);
  });

  it("has nothing to count for a product with no stock, and shows no other clinic's checks", async () => {
    const emptyId = (await db.prisma.drugProduct.create({ data: { siteId: pharmacist.siteId, name: "Diamorphine hydrochloride", strengthMg: 10, form: "ampoule" } })).id;
    expect((await run((tx) => stockChecksDue(tx, pharmacist.siteId, "2026-03-14"))).products.find((p) => p.productId === emptyId)!.due).toEqual({ status: "nothingToCount" });
    expect(await run((tx) => stockCheckHistory(tx, "another-site", checkedId))).toEqual([]);
  });
});
