import type { LocalDate } from "./clinic-time";

/**
 * Controlled-drug register arithmetic (Misuse of Drugs Regulations 2001, regs 19–20):
 * the running balance is computed from the entries, never typed, per product and batch.
 * Quantities are whole units (ampoules) of one product/strength.
 */
export type RegisterEntryKind = "RECEIPT" | "SUPPLY" | "RETURN" | "DESTRUCTION" | "ANNOTATION";

export type RegisterMovement = { kind: RegisterEntryKind; batch: string; quantity: number };

/**
 * A batch number as the register keeps it: trimmed, inner whitespace collapsed to one space,
 * upper-cased. Balances are kept per batch, so "t1 " and "T1" must be one batch, or a receipt
 * and the stock check against it would count different stock.
 */
export function normaliseBatch(typed: string): string {
  return typed.trim().replace(/\s+/g, " ").toUpperCase();
}

/**
 * Whether a batch is past its expiry date on `today` (both clinic-local dates): a batch is
 * usable on its expiry date and expired the day after. No expiry recorded is not expired.
 */
export function isExpired(expiresOn: LocalDate | null, today: LocalDate): boolean {
  return expiresOn !== null && expiresOn < today;
}

/** How an entry moves stock: receipts add; supplies, returns to the supplier and destruction remove; annotations only annotate. */
export function stockEffect(entry: Pick<RegisterMovement, "kind" | "quantity">): number {
  switch (entry.kind) {
    case "RECEIPT":
      return entry.quantity;
    case "SUPPLY":
    case "RETURN":
    case "DESTRUCTION":
      return -entry.quantity;
    case "ANNOTATION":
      return 0;
  }
}

/** Balance of each batch after all the entries, in order of first appearance. */
export function balancesByBatch(entries: readonly RegisterMovement[]): Map<string, number> {
  const balances = new Map<string, number>();
  for (const entry of entries) balances.set(entry.batch, (balances.get(entry.batch) ?? 0) + stockEffect(entry));
  return balances;
}

/** The running balance after each entry (the paper register's last column). */
export function runningBalances(entries: readonly Pick<RegisterMovement, "kind" | "quantity">[]): number[] {
  let balance = 0;
  return entries.map((entry) => (balance += stockEffect(entry)));
}

export type StockedBatch = { productId: string; batch: string; strengthMg: number; available: number; expiresOn: string | null };
export type AmpouleChoice = { productId: string; batch: string; strengthMg: number; count: number; wasteMg: number };

/**
 * Which ampoules to open for a dose: one product and batch (one register line per dose),
 * the least waste, then the fewest ampoules, then the batch that expires first.
 * Null when no single batch in stock can cover the dose.
 */
export function ampoulesForDose(doseMg: number, stock: readonly StockedBatch[]): AmpouleChoice | null {
  if (!Number.isInteger(doseMg) || doseMg <= 0) throw new RangeError(`Not a dose: ${doseMg}`);
  const options = stock
    .filter((s) => s.strengthMg > 0)
    .map((s) => {
      const count = Math.ceil(doseMg / s.strengthMg);
      return { productId: s.productId, batch: s.batch, strengthMg: s.strengthMg, count, wasteMg: count * s.strengthMg - doseMg, available: s.available, expiresOn: s.expiresOn ?? "9999-12-31" };
    })
    .filter((o) => o.count <= o.available)
    .sort((a, b) => a.wasteMg - b.wasteMg || a.count - b.count || a.expiresOn.localeCompare(b.expiresOn));
  const best = options[0];
  return best ? { productId: best.productId, batch: best.batch, strengthMg: best.strengthMg, count: best.count, wasteMg: best.wasteMg } : null;
}

/** A stock check's finding: counted against the balance the register gives. */
export function stockDiscrepancy(expected: number, counted: number): number {
  return counted - expected;
}

/** A stock check's finding in words: "register 40, counted 39 (-1)". */
export function describeDiscrepancy(check: { expected: number; counted: number }): string {
  const difference = stockDiscrepancy(check.expected, check.counted);
  return `register ${check.expected}, counted ${check.counted} (${difference > 0 ? "+" : ""}${difference})`;
}
