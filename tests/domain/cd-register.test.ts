import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ampoulesForDose,
  ampoulesFromBatch,
  balancesByBatch,
  batchOptionsForDose,
  describeDiscrepancy,
  isExpired,
  normaliseBatch,
  runningBalances,
  stockEffect,
  type RegisterMovement,
  type StockedBatch,
} from "@/domain/cd-register";

const TODAY = "2026-06-01";

describe("controlled-drug register balances", () => {
  it("adds receipts and takes away supplies, returns and destruction; annotations change nothing", () => {
    expect([
      stockEffect({ kind: "RECEIPT", quantity: 10 }),
      stockEffect({ kind: "SUPPLY", quantity: 2 }),
      stockEffect({ kind: "RETURN", quantity: 1 }),
      stockEffect({ kind: "DESTRUCTION", quantity: 3 }),
      stockEffect({ kind: "ANNOTATION", quantity: 0 }),
    ]).toEqual([10, -2, -1, -3, 0]);
  });

  it("keeps a running balance like the paper register's last column", () => {
    expect(runningBalances([
      { kind: "RECEIPT", quantity: 20 },
      { kind: "SUPPLY", quantity: 2 },
      { kind: "ANNOTATION", quantity: 0 },
      { kind: "DESTRUCTION", quantity: 1 },
    ])).toEqual([20, 18, 18, 17]);
  });

  const movement = fc.record<RegisterMovement>({
    kind: fc.constantFrom("RECEIPT", "SUPPLY", "RETURN", "DESTRUCTION", "ANNOTATION"),
    batch: fc.constantFrom("A1", "B2", "C3"),
    quantity: fc.integer({ min: 0, max: 500 }),
  });

  it("always equals receipts − supplies − returns − destruction, per batch, for any sequence of entries", () => {
    fc.assert(
      fc.property(fc.array(movement, { maxLength: 200 }), (entries) => {
        const balances = balancesByBatch(entries);
        for (const batch of new Set(entries.map((e) => e.batch))) {
          const sum = (kind: RegisterMovement["kind"]) => entries.filter((e) => e.batch === batch && e.kind === kind).reduce((n, e) => n + e.quantity, 0);
          expect(balances.get(batch)).toBe(sum("RECEIPT") - sum("SUPPLY") - sum("RETURN") - sum("DESTRUCTION"));
        }
        const total = [...balances.values()].reduce((a, b) => a + b, 0);
        expect(runningBalances(entries).at(-1) ?? 0).toBe(total);
      }),
      { numRuns: 500 },
    );
  });
});

describe("choosing ampoules for a dose", () => {
  const stock = [
    { productId: "p100", batch: "A", strengthMg: 100, available: 50, expiresOn: "2027-06-30" },
    { productId: "p100", batch: "B", strengthMg: 100, available: 50, expiresOn: "2027-01-31" },
    { productId: "p500", batch: "C", strengthMg: 500, available: 10, expiresOn: "2027-03-31" },
  ];

  it.each([
    [100, "p100", "B", 1, 0],
    [180, "p100", "B", 2, 20],
    [450, "p500", "C", 1, 50],
    [500, "p500", "C", 1, 0],
    [15, "p100", "B", 1, 85],
  ])("opens the least wasteful ampoules for %i mg, from the batch that expires first", (dose, productId, batch, count, wasteMg) => {
    expect(ampoulesForDose(dose, stock, TODAY)).toMatchObject({ productId, batch, count, wasteMg });
  });

  it("prefers less waste first, then fewer ampoules", () => {
    expect(ampoulesForDose(600, stock, TODAY)).toMatchObject({ productId: "p100", count: 6, wasteMg: 0 });
    expect(ampoulesForDose(1000, stock, TODAY)).toMatchObject({ productId: "p500", count: 2, wasteMg: 0 });
  });

  it("uses what is in stock when the best batch cannot cover the dose", () => {
    expect(ampoulesForDose(180, [{ productId: "p100", batch: "A", strengthMg: 100, available: 1, expiresOn: null }, { productId: "p500", batch: "C", strengthMg: 500, available: 2, expiresOn: null }], TODAY)).toEqual({
      productId: "p500",
      batch: "C",
      strengthMg: 500,
      count: 1,
      wasteMg: 320,
    });
  });

  it("says so when no batch can cover the dose", () => {
    expect(ampoulesForDose(300, [{ productId: "p100", batch: "A", strengthMg: 100, available: 2, expiresOn: null }], TODAY)).toBeNull();
    expect(ampoulesForDose(100, [], TODAY)).toBeNull();
  });

  it("refuses a dose that is not a positive whole number of mg", () => {
    expect(() => ampoulesForDose(0, stock, TODAY)).toThrow(RangeError);
    expect(() => ampoulesForDose(12.5, stock, TODAY)).toThrow(RangeError);
  });

  it("always covers the dose from one batch with the least waste that stock allows", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 900 }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 3 }), (dose, n100, n500) => {
        const batches = [
          { productId: "p100", batch: "A", strengthMg: 100, available: n100, expiresOn: null },
          { productId: "p500", batch: "C", strengthMg: 500, available: n500, expiresOn: null },
        ];
        const result = ampoulesForDose(dose, batches, TODAY);
        const fits = batches.filter((b) => Math.ceil(dose / b.strengthMg) <= b.available);
        if (fits.length === 0) {
          expect(result).toBeNull();
          return;
        }
        expect(result!.count * result!.strengthMg - dose).toBe(result!.wasteMg);
        expect(result!.wasteMg).toBe(Math.min(...fits.map((b) => Math.ceil(dose / b.strengthMg) * b.strengthMg - dose)));
      }),
    );
  });
});

describe("the batch a dose is drawn from", () => {
  const batch = (over: Partial<StockedBatch> = {}): StockedBatch => ({ productId: "p100", batch: "B1", strengthMg: 100, available: 3, expiresOn: "2026-06-01", ...over });

  it.each([
    [null, false],
    ["2026-06-02", false],
    ["2026-06-01", false],
    ["2026-05-31", true],
  ] as const)("with expiry %s, is expired on 2026-06-01: %s", (expiresOn, expired) => {
    expect(isExpired(expiresOn, "2026-06-01")).toBe(expired);
  });

  it("never offers an expired batch, however little it wastes, and offers the first to expire among equals first", () => {
    const options = batchOptionsForDose(100, [batch({ batch: "OLD", expiresOn: "2026-05-31" }), batch({ batch: "LATER", expiresOn: "2026-09-01" }), batch({ batch: "SOON", expiresOn: "2026-06-01" })], "2026-06-01");
    expect(options.map((o) => o.batch)).toEqual(["SOON", "LATER"]);
    expect(ampoulesForDose(100, [batch({ batch: "OLD", expiresOn: "2026-05-31" })], "2026-06-01")).toBeNull();
  });

  it.each([
    ["a batch in date with enough ampoules", batch(), 250, { ok: true, choice: { productId: "p100", batch: "B1", strengthMg: 100, count: 3, wasteMg: 50 } }],
    ["a batch not in the register", undefined, 100, { ok: false, reason: expect.stringContaining("not in this clinic's register") }],
    ["an expired batch", batch({ expiresOn: "2026-05-31" }), 100, { ok: false, reason: expect.stringContaining("expired on 2026-05-31") }],
    ["a batch with too few ampoules", batch({ available: 2 }), 250, { ok: false, reason: expect.stringContaining("needs 3") }],
  ] as const)("takes or refuses the nurse's choice: %s", (_, chosen, dose, expected) => {
    expect(ampoulesFromBatch(dose, chosen, "2026-06-01")).toEqual(expected);
  });
});

describe("describing a stock check", () => {
  it.each([
    [{ expected: 40, counted: 39 }, "register 40, counted 39 (-1)"],
    [{ expected: 12, counted: 14 }, "register 12, counted 14 (+2)"],
    [{ expected: 5, counted: 5 }, "register 5, counted 5 (0)"],
  ])("describes %j as %s", (check, expected) => {
    expect(describeDiscrepancy(check)).toBe(expected);
  });
});

describe("expiry", () => {
  it.each([
    ["2026-11-29", "2026-11-30", true],
    ["2026-11-30", "2026-11-30", false],
    ["2026-12-01", "2026-11-30", false],
    ["2025-12-31", "2026-01-01", true],
    ["2024-02-29", "2024-02-29", false],
    ["2024-02-29", "2024-03-01", true],
  ])("a batch expiring on %s is expired on %s: %s (usable on its expiry date, expired the day after)", (expiresOn, today, expired) => {
    expect(isExpired(expiresOn, today)).toBe(expired);
  });

  it("takes a batch with no expiry recorded as not expired", () => {
    expect(isExpired(null, "2026-11-30")).toBe(false);
  });
});

describe("batch numbers", () => {
  it.each([
    ["T1", "T1"],
    ["t1 ", "T1"],
    ["  dm100-2611\t", "DM100-2611"],
    ["lot  42\n b", "LOT 42 B"],
    ["a\u00a0b", "A B"],
    ["ABC 123", "ABC 123"],
  ])("writes %j as %j", (typed, stored) => {
    expect(normaliseBatch(typed)).toBe(stored);
  });

  it("gives one batch number however it is typed, and normalising twice changes nothing", () => {
    fc.assert(
      fc.property(fc.string(), (typed) => {
        const once = normaliseBatch(typed);
        expect(normaliseBatch(once)).toBe(once);
        expect(normaliseBatch(` ${typed.toLowerCase()}  `)).toBe(normaliseBatch(typed.toUpperCase()));
      }),
    );
  });
});
