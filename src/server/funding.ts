import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { Actor } from "@/auth/actor";
import type { Tx } from "@/db/client";
import { DEFAULT_COST_ASSUMPTIONS, type CostAssumptions } from "@/domain/costs";
import { financialYearLabel } from "@/domain/money";
import { audit } from "./audit";
import { RuleError } from "./errors";
import { log } from "./log";
import { CostAssumptionsValue, type SaveCostAssumptionsInput, type SaveFundingLineInput } from "./funding.input";

/**
 * Money behind the service (DOMAIN.md "Costs"): funding per financial year and source,
 * resources given in kind, and the assumptions the board's savings estimate uses.
 * Administrators edit them; every change is audited with the values before and after.
 */

export async function listFundingLines(tx: Tx, siteId: string) {
  return tx.fundingLine.findMany({
    where: { siteId },
    orderBy: [{ financialYear: "desc" }, { kind: "asc" }, { amountPence: "desc" }],
    include: { updatedBy: { select: { name: true } } },
  });
}

export async function saveFundingLine(tx: Tx, actor: Actor, input: SaveFundingLineInput) {
  const key = { siteId: actor.siteId, financialYear: input.financialYear, kind: input.kind, source: input.source };
  const before = input.fundingLineId ? await tx.fundingLine.findFirst({ where: { id: input.fundingLineId, siteId: actor.siteId } }) : null;
  if (input.fundingLineId && !before) throw new RuleError("funding.notFound", "No such funding line at this clinic.");
  const clash = await tx.fundingLine.findFirst({ where: { ...key, NOT: before ? { id: before.id } : undefined }, select: { id: true } });
  if (clash) {
    throw new RuleError("funding.exists", `There is already a line for ${input.source} in ${financialYearLabel(input.financialYear)}: change that one.`, {
      source: "Already has a line this year.",
    });
  }
  const data = { ...key, amountPence: input.amount, note: input.note ?? null, updatedById: actor.userId };
  const line = before ? await tx.fundingLine.update({ where: { id: before.id }, data }) : await tx.fundingLine.create({ data });
  const shape = (l: typeof line) => ({ financialYear: l.financialYear, kind: l.kind, source: l.source, amountPence: l.amountPence, note: l.note });
  await audit(tx, actor, {
    action: before ? "funding.update" : "funding.create",
    entity: "FundingLine",
    entityId: line.id,
    summary: { before: before ? shape(before) : null, after: shape(line) },
  });
  return { id: line.id };
}

/**
 * Cost assumptions live in the site's `Setting` row "costAssumptions" (the clinic's
 * settings hold only limits the clinical rules read). A stored value that no longer
 * passes the schema is ignored in favour of the defaults, as settings are.
 */
const COST_ASSUMPTIONS_KEY = "costAssumptions";

export async function costAssumptions(tx: Tx, siteId: string): Promise<CostAssumptions> {
  const row = await tx.setting.findUnique({ where: { siteId_key: { siteId, key: COST_ASSUMPTIONS_KEY } } });
  if (!row) return DEFAULT_COST_ASSUMPTIONS;
  const parsed = CostAssumptionsValue.safeParse(row.value);
  if (parsed.success) return parsed.data;
  log.error({ siteId, setting: COST_ASSUMPTIONS_KEY }, "invalid stored cost assumptions ignored");
  return DEFAULT_COST_ASSUMPTIONS;
}

export async function saveCostAssumptions(tx: Tx, actor: Actor, input: SaveCostAssumptionsInput) {
  const before = await costAssumptions(tx, actor.siteId);
  const after: CostAssumptions = { costPerOffencePence: input.costPerOffence, basis: input.basis };
  const value = after as unknown as Prisma.InputJsonValue;
  const row = await tx.setting.upsert({
    where: { siteId_key: { siteId: actor.siteId, key: COST_ASSUMPTIONS_KEY } },
    create: { siteId: actor.siteId, key: COST_ASSUMPTIONS_KEY, value, updatedById: actor.userId },
    update: { value, updatedById: actor.userId },
  });
  await audit(tx, actor, {
    action: "costAssumptions.update",
    entity: "Setting",
    entityId: row.id,
    summary: { before: before as unknown as Prisma.InputJsonValue, after: value },
    reason: input.reason,
  });
  return { id: row.id };
}
