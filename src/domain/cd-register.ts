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

function choiceFrom(doseMg: number, s: StockedBatch): AmpouleChoice & { available: number; expiresOn: string | null } {
  const count = Math.ceil(doseMg / s.strengthMg);
  return { productId: s.productId, batch: s.batch, strengthMg: s.strengthMg, count, wasteMg: count * s.strengthMg - doseMg, available: s.available, expiresOn: s.expiresOn };
}

function assertDose(doseMg: number): void {
  if (!Number.isInteger(doseMg) || doseMg <= 0) throw new RangeError(`Not a dose: ${doseMg}`);
}

/**
 * The batches a dose can be drawn from, best first: one product and batch (one register
 * line per dose), in date, enough ampoules; then the least waste, the fewest ampoules, and
 * the batch that expires first. The nurse confirms one; the first is suggested.
 */
export function batchOptionsForDose(doseMg: number, stock: readonly StockedBatch[], today: string): AmpouleChoice[] {
  assertDose(doseMg);
  return stock
    .filter((s) => s.strengthMg > 0 && !isExpired(s.expiresOn, today))
    .map((s) => choiceFrom(doseMg, s))
    .filter((o) => o.count <= o.available)
    .sort((a, b) => a.wasteMg - b.wasteMg || a.count - b.count || (a.expiresOn ?? "9999-12-31").localeCompare(b.expiresOn ?? "9999-12-31"))
    .map(({ productId, batch, strengthMg, count, wasteMg }) => ({ productId, batch, strengthMg, count, wasteMg }));
}

/** The suggested batch for a dose, or null when no single batch in date can cover it. */
export function ampoulesForDose(doseMg: number, stock: readonly StockedBatch[], today: string): AmpouleChoice | null {
  return batchOptionsForDose(doseMg, stock, today)[0] ?? null;
}

/** The nurse's chosen batch for a dose: it must exist, be in date and hold enough ampoules. */
export function ampoulesFromBatch(doseMg: number, batch: StockedBatch | undefined, today: string): { ok: true; choice: AmpouleChoice } | { ok: false; reason: string } {
  assertDose(doseMg);
  if (!batch || batch.strengthMg <= 0) return { ok: false, reason: "That batch is not in this clinic's register: choose a batch from the list." };
  if (isExpired(batch.expiresOn, today)) return { ok: false, reason: `Batch ${batch.batch} expired on ${batch.expiresOn}: do not use it. Choose another batch and tell the CD lead.` };
  const { productId, batch: name, strengthMg, count, wasteMg, available } = choiceFrom(doseMg, batch);
  if (count > available) {
    return { ok: false, reason: `Batch ${name} holds ${available} ampoule(s) by the register; ${doseMg} mg needs ${count}. Choose another batch or ask the CD lead.` };
  }
  return { ok: true, choice: { productId, batch: name, strengthMg, count, wasteMg } };
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
