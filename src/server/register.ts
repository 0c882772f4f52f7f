import "server-only";
import type { Actor } from "@/auth/actor";
import type { Db, Tx } from "@/db/client";
import { ampoulesFromBatch, isExpired, runningBalances, stockDiscrepancy } from "@/domain/cd-register";
import { addLocalDays, clinicDate, clinicInstant, dbDateToLocal, localDateToDb, type LocalDate } from "@/domain/clinic-time";
import { formatLocalDate } from "@/domain/format";
import { stockCheckDue, type StockCheckDue } from "@/domain/stock-checks";
import { audit } from "./audit";
import { RuleError } from "./errors";
import { siteSettings } from "./settings";
import type { AnnotateEntryInput, DestroyLeftoverInput, ReceiveStockInput, RemoveStockInput, StockCheckInput } from "./register.input";
import { checkWitnessPin, confirmWitness, type CheckedWitness, type WitnessRule } from "./witness";

/**
 * The controlled-drug register (Misuse of Drugs Regulations 2001, regs 19–20): one register
 * per site and product/strength; entries chronological, attributable and indelible (the
 * database refuses UPDATE and DELETE); corrections are dated annotations that point at the
 * entry they correct; balances are computed from entries, never typed.
 */

// Destruction must be witnessed by an authorised person; here the CD lead or a prescriber.
const AUTHORISED_WITNESSES = ["PHARMACIST", "PRESCRIBER"] as const;
const CLINICAL_WITNESSES = ["PHARMACIST", "PRESCRIBER", "NURSE"] as const;

export const RECEIPT_WITNESS: WitnessRule = { roles: CLINICAL_WITNESSES, what: "a controlled-drug receipt" };
export const REMOVAL_WITNESS: WitnessRule = { roles: AUTHORISED_WITNESSES, what: "destruction or return of a controlled drug (an authorised person)" };
export const STOCK_CHECK_WITNESS: WitnessRule = { roles: CLINICAL_WITNESSES, what: "a stock check" };
export const LEFTOVER_WITNESS: WitnessRule = { roles: AUTHORISED_WITNESSES, what: "destruction of a controlled drug (an authorised person)" };

type Witnessed = { witnessEmail: string; witnessPin: string };

/**
 * Before a register step's transaction: the product is in this clinic's register (a made-up
 * id is answered "no such product" and never reaches a PIN), then the witness's PIN.
 */
async function checkProductWitness(db: Db, actor: Actor, input: Witnessed & { productId: string }, action: string, rule: WitnessRule, now: Date) {
  const product = await db.drugProduct.findFirst({ where: { id: input.productId, siteId: actor.siteId }, select: { id: true } });
  if (!product) throw new RuleError("register.noProduct", "No such product in this clinic's register.", { productId: "Choose a product." });
  return checkWitnessPin(db, actor, { email: input.witnessEmail, pin: input.witnessPin }, { action, what: rule.what, recordId: product.id }, now);
}

export const checkReceiptWitness = (db: Db, actor: Actor, input: ReceiveStockInput, now: Date = new Date()) => checkProductWitness(db, actor, input, "register.receive", RECEIPT_WITNESS, now);
export const checkRemovalWitness = (db: Db, actor: Actor, input: RemoveStockInput, now: Date = new Date()) => checkProductWitness(db, actor, input, "register.remove", REMOVAL_WITNESS, now);
export const checkStockCheckWitness = (db: Db, actor: Actor, input: StockCheckInput, now: Date = new Date()) => checkProductWitness(db, actor, input, "register.stockCheck", STOCK_CHECK_WITNESS, now);

/** Before the transaction: the drawn dose awaits destruction at this clinic, then the witness's PIN. */
export async function checkLeftoverWitness(db: Db, actor: Actor, input: DestroyLeftoverInput, now: Date = new Date()) {
  const leftover = await db.doseLeftover.findFirst({ where: { id: input.leftoverId, siteId: actor.siteId }, select: { id: true } });
  if (!leftover) throw new RuleError("register.noLeftover", "No such drawn dose awaiting destruction at this clinic.");
  const step = { action: "register.destroyLeftover", what: LEFTOVER_WITNESS.what, recordId: leftover.id };
  return checkWitnessPin(db, actor, { email: input.witnessEmail, pin: input.witnessPin }, step, now);
}

async function requireProduct(tx: Tx, actor: Actor, productId: string) {
  // One register at a time: entries for a product are written one after another.
  await tx.$queryRaw`SELECT id FROM "DrugProduct" WHERE id = ${productId} FOR UPDATE`;
  const product = await tx.drugProduct.findFirst({ where: { id: productId, siteId: actor.siteId } });
  if (!product) throw new RuleError("register.noProduct", "No such product in this clinic's register.", { productId: "Choose a product." });
  return product;
}

/**
 * The balance of a batch this product's register holds. A batch it has never had is refused:
 * counting or destroying it would otherwise be recorded against a balance of nothing, and a
 * mistyped batch number would pass as "no discrepancy".
 */
async function batchBalance(tx: Tx, productId: string, batch: string): Promise<number> {
  const entries = await tx.controlledDrugEntry.findMany({ where: { productId, batch }, select: { kind: true, quantity: true } });
  if (entries.length === 0) {
    throw new RuleError("register.noBatch", `No batch ${batch} in this product's register: choose a batch from the list.`, { batch: "Choose a batch from the list." });
  }
  return runningBalances(entries).at(-1) ?? 0;
}

export async function receiveStock(tx: Tx, actor: Actor, input: ReceiveStockInput, checked: CheckedWitness, now: Date = new Date()) {
  // Expired stock must not be supplied; it is refused at the door rather than entered and destroyed.
  if (isExpired(input.expiresOn, clinicDate(now))) {
    throw new RuleError("register.expired", `Batch ${input.batch} expired on ${formatLocalDate(input.expiresOn)}: expired stock cannot be received. Send it back to the supplier.`, {
      expiresOn: "This date has passed: check the expiry date on the pack.",
    });
  }
  const witness = await confirmWitness(tx, actor, checked, RECEIPT_WITNESS);
  const product = await requireProduct(tx, actor, input.productId);
  const entry = await tx.controlledDrugEntry.create({
    data: {
      siteId: actor.siteId,
      productId: product.id,
      kind: "RECEIPT",
      occurredAt: now,
      batch: input.batch,
      expiresOn: localDateToDb(input.expiresOn),
      quantity: input.quantity,
      supplier: input.supplier,
      madeById: actor.userId,
      witnessId: witness.id,
    },
  });
  await audit(tx, actor, { action: "register.receive", entity: "ControlledDrugEntry", entityId: entry.id, summary: { product: product.name, strengthMg: product.strengthMg, batch: input.batch, quantity: input.quantity } });
  return { id: entry.id, productId: product.id };
}

/** Destruction of waste or expired stock, or a return to the supplier, with an authorised witness. */
export async function removeStock(tx: Tx, actor: Actor, input: RemoveStockInput, checked: CheckedWitness, now: Date = new Date()) {
  const witness = await confirmWitness(tx, actor, checked, REMOVAL_WITNESS);
  const product = await requireProduct(tx, actor, input.productId);
  const balance = await batchBalance(tx, product.id, input.batch);
  if (input.quantity > balance) {
    throw new RuleError("register.notEnough", `Batch ${input.batch} holds ${balance} ampoule(s) by the register: cannot remove ${input.quantity}.`, { quantity: `At most ${balance}.` });
  }
  const entry = await tx.controlledDrugEntry.create({
    data: { siteId: actor.siteId, productId: product.id, kind: input.kind, occurredAt: now, batch: input.batch, quantity: input.quantity, note: input.note, madeById: actor.userId, witnessId: witness.id },
  });
  await audit(tx, actor, { action: `register.${input.kind.toLowerCase()}`, entity: "ControlledDrugEntry", entityId: entry.id, summary: { batch: input.batch, quantity: input.quantity }, reason: input.note });
  return { id: entry.id, productId: product.id };
}

/** A dated correction or note against an entry: the original stays as it was written. */
export async function annotateEntry(tx: Tx, actor: Actor, input: AnnotateEntryInput, now: Date = new Date()) {
  const original = await tx.controlledDrugEntry.findFirst({ where: { id: input.entryId, siteId: actor.siteId } });
  if (!original) throw new RuleError("register.noEntry", "No such register entry at this clinic.");
  const entry = await tx.controlledDrugEntry.create({
    data: { siteId: actor.siteId, productId: original.productId, kind: "ANNOTATION", occurredAt: now, batch: original.batch, quantity: 0, note: input.note, annotatesId: original.id, madeById: actor.userId },
  });
  await audit(tx, actor, { action: "register.annotate", entity: "ControlledDrugEntry", entityId: entry.id, summary: { annotates: original.id }, reason: input.note });
  return { id: entry.id, productId: original.productId };
}

/** Two-person count against the register's balance. A discrepancy blocks nothing but is raised as an alert. */
export async function recordStockCheck(tx: Tx, actor: Actor, input: StockCheckInput, checked: CheckedWitness, now: Date = new Date()) {
  const second = await confirmWitness(tx, actor, checked, STOCK_CHECK_WITNESS);
  const product = await requireProduct(tx, actor, input.productId);
  const expected = await batchBalance(tx, product.id, input.batch);
  const check = await tx.stockCheck.create({
    data: { siteId: actor.siteId, productId: product.id, batch: input.batch, checkedAt: now, expected, counted: input.counted, notes: input.notes ?? null, checkedById: actor.userId, secondCheckerId: second.id },
  });
  const discrepancy = stockDiscrepancy(expected, input.counted);
  await audit(tx, actor, { action: "register.stockCheck", entity: "StockCheck", entityId: check.id, summary: { batch: input.batch, expected, counted: input.counted, discrepancy } });
  return { id: check.id, productId: product.id, discrepancy };
}

/**
 * The supply line for a dose, written at the draw in the draw's own transaction (MDR 2001
 * reg 19): the participant, prescriber, who drew it and who witnessed, the batch the nurse
 * confirmed, the ampoules opened and the mg wasted. Reserving the ampoules at the draw means
 * "dose given" can never fail for stock; a dose not given becomes a DoseLeftover.
 */
export async function recordSupplyForDose(
  tx: Tx,
  actor: Actor,
  dose: { doseSessionId: string; participantId: string; prescriberId: string; witnessId: string; doseMg: number; productId: string; batch: string; at: Date },
  /** A dose entered from the paper sheet of an outage: written by the nurse who entered it, marked back-entered. */
  backEntry?: { enteredById: string },
) {
  // Doses for different participants run side by side (each locks only its participant), so
  // the site's registers are locked, in one order, before the balance is read: otherwise two
  // doses could both be supplied from the last ampoule and the register would go below zero.
  await tx.$queryRaw`SELECT id FROM "DrugProduct" WHERE "siteId" = ${actor.siteId} ORDER BY id FOR UPDATE`;
  const stock = await stockByBatch(tx, actor.siteId);
  const chosen = ampoulesFromBatch(
    dose.doseMg,
    stock.find((s) => s.productId === dose.productId && s.batch === dose.batch),
    clinicDate(dose.at),
  );
  if (!chosen.ok) throw new RuleError("register.batch", chosen.reason, { batch: chosen.reason });
  const { choice } = chosen;
  return tx.controlledDrugEntry.create({
    data: {
      siteId: actor.siteId,
      productId: choice.productId,
      kind: "SUPPLY",
      occurredAt: dose.at,
      batch: choice.batch,
      quantity: choice.count,
      mgUsed: dose.doseMg,
      mgWasted: choice.wasteMg,
      participantId: dose.participantId,
      prescriberId: dose.prescriberId,
      doseSessionId: dose.doseSessionId,
      madeById: backEntry?.enteredById ?? actor.userId,
      witnessId: dose.witnessId,
      backEntered: backEntry !== undefined,
    },
  });
}

/**
 * Drawn diamorphine that was not given: withheld after the draw, or the part of a dose not
 * injected. The supply line gets a dated annotation saying so (the original stays as it was
 * written) and the leftover waits for witnessed destruction.
 */
export async function recordDoseLeftover(tx: Tx, actor: Actor, leftover: { doseSessionId: string; mg: number; reason: string; at: Date }) {
  const supply = await tx.controlledDrugEntry.findUniqueOrThrow({ where: { doseSessionId: leftover.doseSessionId } });
  await tx.controlledDrugEntry.create({
    data: {
      siteId: supply.siteId,
      productId: supply.productId,
      kind: "ANNOTATION",
      occurredAt: leftover.at,
      batch: supply.batch,
      quantity: 0,
      note: `${leftover.reason}: ${leftover.mg} mg of the ${supply.mgUsed} mg drawn not given, awaiting witnessed destruction.`,
      annotatesId: supply.id,
      madeById: actor.userId,
    },
  });
  return tx.doseLeftover.create({ data: { siteId: supply.siteId, doseSessionId: leftover.doseSessionId, supplyEntryId: supply.id, mg: leftover.mg, reason: leftover.reason } });
}

/** Leftovers of drawn doses not yet destroyed: on Today and on the pharmacist's register page until a witnessed destruction clears each. */
export async function pendingDestructions(tx: Tx, siteId: string) {
  const leftovers = await tx.doseLeftover.findMany({
    where: { siteId, supplyEntry: { annotations: { none: { kind: "DESTRUCTION" } } } },
    orderBy: { createdAt: "asc" },
    include: {
      supplyEntry: { select: { occurredAt: true, batch: true, product: { select: { name: true, strengthMg: true } }, madeBy: { select: { name: true } } } },
      doseSession: { select: { sessionDate: true, slot: true, participant: { select: { reference: true } } } },
    },
  });
  return leftovers.map((l) => ({
    id: l.id,
    mg: l.mg,
    reason: l.reason,
    recordedAt: l.createdAt,
    drawnAt: l.supplyEntry.occurredAt,
    drawnBy: l.supplyEntry.madeBy.name,
    batch: l.supplyEntry.batch,
    product: `${l.supplyEntry.product.name} ${l.supplyEntry.product.strengthMg} mg`,
    session: { date: dbDateToLocal(l.doseSession.sessionDate), slot: l.doseSession.slot },
    reference: l.doseSession.participant.reference,
  }));
}

/**
 * Witnessed destruction of a drawn dose not given (MDR 2001 reg 27; an authorised witness).
 * The ampoules left stock at the draw, so the entry moves no stock (quantity 0): it records
 * the mg destroyed against the dose's supply line and clears the pending destruction.
 */
export async function destroyDoseLeftover(tx: Tx, actor: Actor, input: DestroyLeftoverInput, checked: CheckedWitness, now: Date = new Date()) {
  const witness = await confirmWitness(tx, actor, checked, LEFTOVER_WITNESS);
  const leftover = await tx.doseLeftover.findFirst({ where: { id: input.leftoverId, siteId: actor.siteId }, include: { supplyEntry: { select: { productId: true } } } });
  if (!leftover) throw new RuleError("register.noLeftover", "No such drawn dose awaiting destruction at this clinic.");
  // Locks the register, then reads again: two people destroying the same dose record it once.
  await requireProduct(tx, actor, leftover.supplyEntry.productId);
  const supply = await tx.controlledDrugEntry.findUniqueOrThrow({ where: { id: leftover.supplyEntryId }, include: { annotations: { where: { kind: "DESTRUCTION" }, select: { id: true } } } });
  if (supply.annotations.length > 0) throw new RuleError("register.alreadyDestroyed", "This drawn dose is already recorded as destroyed.");
  const entry = await tx.controlledDrugEntry.create({
    data: {
      siteId: actor.siteId,
      productId: supply.productId,
      kind: "DESTRUCTION",
      occurredAt: now,
      batch: supply.batch,
      quantity: 0,
      mgWasted: leftover.mg,
      note: input.note ?? `${leftover.reason}: ${leftover.mg} mg destroyed`,
      annotatesId: supply.id,
      madeById: actor.userId,
      witnessId: witness.id,
    },
  });
  await audit(tx, actor, {
    action: "register.destroyLeftover",
    entity: "ControlledDrugEntry",
    entityId: entry.id,
    summary: { leftoverId: leftover.id, doseSessionId: leftover.doseSessionId, mg: leftover.mg, batch: supply.batch },
    reason: input.note ?? null,
  });
  return { id: entry.id, productId: supply.productId };
}

/**
 * Balance of every batch of every active product at a site, with expiry: read from the
 * BatchBalance read model, which a trigger on ControlledDrugEntry keeps in step with the
 * entries (tests/db/batch-balances.test.ts), so a dose never sums the whole register.
 */
export async function stockByBatch(tx: Tx, siteId: string) {
  const rows = await tx.$queryRaw<{ productId: string; batch: string; strengthMg: number; expiresOn: Date | null; balance: number }[]>`
    SELECT b."productId", b.batch, p."strengthMg", b."expiresOn", b.balance
    FROM "BatchBalance" b JOIN "DrugProduct" p ON p.id = b."productId"
    WHERE b."siteId" = ${siteId} AND p.active
    ORDER BY p."strengthMg", b."expiresOn", b.batch`;
  return rows.map((r) => ({ productId: r.productId, batch: r.batch, strengthMg: r.strengthMg, available: Number(r.balance), expiresOn: r.expiresOn ? dbDateToLocal(r.expiresOn) : null }));
}

/** One product's register in the paper layout: entries in order, each with the balance after it. */
export async function registerForProduct(tx: Tx, siteId: string, productId: string, filter: { from?: string; to?: string }) {
  const product = await tx.drugProduct.findFirst({ where: { id: productId, siteId } });
  if (!product) return null;
  const entries = await tx.controlledDrugEntry.findMany({
    where: { productId },
    orderBy: [{ occurredAt: "asc" }, { createdAt: "asc" }],
    include: {
      madeBy: { select: { name: true } },
      witness: { select: { name: true } },
      participant: { select: { reference: true } },
    },
  });
  const prescribers = new Map((await tx.user.findMany({ where: { id: { in: [...new Set(entries.map((e) => e.prescriberId).filter((v): v is string => Boolean(v)))] } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  const balances = runningBalances(entries);
  const from = filter.from ? clinicInstant(filter.from, "00:00") : null;
  const to = filter.to ? clinicInstant(addLocalDays(filter.to, 1), "00:00") : null;
  const lines = entries
    .map((e, i) => ({ ...e, balance: balances[i]!, prescriberName: e.prescriberId ? (prescribers.get(e.prescriberId) ?? "") : "" }))
    .filter((e) => (!from || e.occurredAt >= from) && (!to || e.occurredAt < to));
  // Every batch this register has had, for the stock-check and removal forms to choose from.
  const batches = (await tx.batchBalance.findMany({ where: { productId }, orderBy: [{ expiresOn: "asc" }, { batch: "asc" }] })).map((b) => ({
    batch: b.batch,
    balance: b.balance,
    expiresOn: b.expiresOn ? dbDateToLocal(b.expiresOn) : null,
  }));
  return { product, lines, balance: balances.at(-1) ?? 0, batches };
}

export async function registerProducts(tx: Tx, siteId: string) {
  const [products, stock, discrepancies] = await Promise.all([
    tx.drugProduct.findMany({ where: { siteId }, orderBy: [{ strengthMg: "asc" }] }),
    stockByBatch(tx, siteId),
    stockDiscrepancies(tx, siteId),
  ]);
  return {
    products: products.map((p) => ({ ...p, batches: stock.filter((s) => s.productId === p.id), balance: stock.filter((s) => s.productId === p.id).reduce((n, s) => n + s.available, 0) })),
    discrepancies,
  };
}

/** Batches whose latest stock check differed from the register: the pharmacist's alerts until a recount agrees. */
export async function stockDiscrepancies(tx: Tx, siteId: string) {
  const checks = await tx.stockCheck.findMany({
    where: { siteId },
    orderBy: { checkedAt: "desc" },
    include: { product: { select: { name: true, strengthMg: true } }, checkedBy: { select: { name: true } }, secondChecker: { select: { name: true } } },
  });
  const latest = new Map<string, (typeof checks)[number]>();
  for (const check of checks) if (!latest.has(`${check.productId}/${check.batch}`)) latest.set(`${check.productId}/${check.batch}`, check);
  return [...latest.values()].filter((c) => c.counted !== c.expected);
}

/** One product's stock checks, newest first: who counted, who checked with them, and what they found. */
export async function stockCheckHistory(tx: Tx, siteId: string, productId: string) {
  const checks = await tx.stockCheck.findMany({
    where: { siteId, productId },
    orderBy: [{ checkedAt: "desc" }, { id: "desc" }],
    include: { checkedBy: { select: { name: true } }, secondChecker: { select: { name: true } } },
  });
  return checks.map((c) => ({
    id: c.id,
    checkedAt: c.checkedAt,
    batch: c.batch,
    expected: c.expected,
    counted: c.counted,
    difference: stockDiscrepancy(c.expected, c.counted),
    checkedBy: c.checkedBy.name,
    secondChecker: c.secondChecker.name,
    notes: c.notes,
  }));
}

export type ProductStockCheckDue = { productId: string; product: string; due: StockCheckDue };

/**
 * When each active product's next stock check is due at a site (src/domain/stock-checks.ts):
 * for every batch holding stock, the clinic's date of its first entry and of its latest count.
 */
export async function stockChecksDue(tx: Tx, siteId: string, today: LocalDate): Promise<{ intervalDays: number; products: ProductStockCheckDue[] }> {
  const [settings, products, balances, firstEntries, latestChecks] = await Promise.all([
    siteSettings(tx, siteId),
    tx.drugProduct.findMany({ where: { siteId, active: true }, orderBy: [{ strengthMg: "asc" }, { name: "asc" }], select: { id: true, name: true, strengthMg: true } }),
    tx.batchBalance.findMany({ where: { siteId }, select: { productId: true, batch: true, balance: true } }),
    tx.controlledDrugEntry.groupBy({ by: ["productId", "batch"], where: { siteId }, _min: { occurredAt: true } }),
    tx.stockCheck.groupBy({ by: ["productId", "batch"], where: { siteId }, _max: { checkedAt: true } }),
  ]);
  const key = (productId: string, batch: string) => `${productId}\u0000${batch}`;
  const received = new Map(firstEntries.map((e) => [key(e.productId, e.batch), e._min.occurredAt]));
  const counted = new Map(latestChecks.map((c) => [key(c.productId, c.batch), c._max.checkedAt]));
  const intervalDays = settings.stockCheckIntervalDays;
  return {
    intervalDays,
    products: products.map((p) => {
      const batches = balances
        .filter((b) => b.productId === p.id)
        .map((b) => {
          const receivedAt = received.get(key(p.id, b.batch));
          const countedAt = counted.get(key(p.id, b.batch));
          return { batch: b.batch, balance: b.balance, receivedOn: receivedAt ? clinicDate(receivedAt) : today, lastCountedOn: countedAt ? clinicDate(countedAt) : null };
        });
      return { productId: p.id, product: `${p.name} ${p.strengthMg} mg`, due: stockCheckDue(batches, intervalDays, today) };
    }),
  };
}

/** The site's registers for the printed paper layout: every product, or one, each with its lines in the period. */
export async function registersForPrint(tx: Tx, siteId: string, productId: string | null, period: { from?: string; to?: string }) {
  const [site, products] = await Promise.all([
    tx.site.findUniqueOrThrow({ where: { id: siteId }, select: { name: true } }),
    tx.drugProduct.findMany({ where: { siteId, ...(productId ? { id: productId } : {}) }, orderBy: [{ strengthMg: "asc" }, { name: "asc" }], select: { id: true } }),
  ]);
  const registers = await Promise.all(products.map((p) => registerForProduct(tx, siteId, p.id, period)));
  return { site: site.name, registers: registers.filter((r) => r !== null) };
}

/** When each site's next stock checks are due, for the board's operations view: products and dates, no staff. */
export async function stockChecksDueBySite(tx: Tx, siteId: string | null, today: LocalDate) {
  const sites = await tx.site.findMany({ where: siteId ? { id: siteId } : {}, orderBy: { name: "asc" }, select: { id: true, name: true } });
  return Promise.all(sites.map(async (site) => ({ siteId: site.id, site: site.name, ...(await stockChecksDue(tx, site.id, today)) })));
}
