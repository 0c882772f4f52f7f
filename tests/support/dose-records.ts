import type { PrismaClient } from "@/generated/prisma/client";
import { stockByBatch } from "@/server/register";

/** The forward steps of a dose session, in order, with the stage and audit action each leaves. */
export const DOSE_STEPS = ["CHECK_IN", "ASSESSMENT", "DRAW", "ADMINISTER"] as const;
type ForwardStep = (typeof DOSE_STEPS)[number];
const STAGE_AFTER: Record<ForwardStep, string> = { CHECK_IN: "CHECKED_IN", ASSESSMENT: "ASSESSED", DRAW: "DRAWN", ADMINISTER: "ADMINISTERED" };
const AUDIT_OF: Record<ForwardStep, string> = { CHECK_IN: "doseSession.checkIn", ASSESSMENT: "doseSession.assess", DRAW: "doseSession.draw", ADMINISTER: "doseSession.administer" };
const REGISTER_AUDIT: Record<string, string> = { RECEIPT: "register.receive", DESTRUCTION: "register.destruction", RETURN: "register.return" };

/**
 * What must hold at a site whatever happened (simultaneous requests, a crash mid-write):
 * each dose session's events are the forward steps in order, once each, matching its stage
 * and its audit trail; a dose drawn has exactly one register supply line (written at the
 * draw, for the mg drawn), and every supply line a dose; every receipt and destruction has its audit event; no batch is below zero,
 * and the register's balances (as the app computes them) are receipts − supplies − destruction
 * and returns. Returns the problems found, so a failure names them all.
 */
export async function doseRecordProblems(prisma: PrismaClient, siteId: string) {
  const problems: string[] = [];
  const sessions = await prisma.doseSession.findMany({ where: { siteId }, include: { events: { orderBy: { at: "asc" } } } });
  const entries = await prisma.controlledDrugEntry.findMany({ where: { siteId } });
  const supplies = entries.filter((e) => e.kind === "SUPPLY");
  const audits = await prisma.auditEvent.findMany({ where: { entityId: { in: [...sessions.map((s) => s.id), ...entries.map((e) => e.id)] } } });

  for (const s of sessions) {
    // In time order; steps recorded within the same millisecond count as in step order.
    const rank = (step: string) => (DOSE_STEPS as readonly string[]).indexOf(step);
    const steps = [...s.events].sort((a, b) => a.at.getTime() - b.at.getTime() || rank(a.step) - rank(b.step)).map((e) => e.step);
    if (steps.join() !== DOSE_STEPS.slice(0, steps.length).join()) problems.push(`session ${s.id}: steps ${steps.join(" → ")}`);
    const last = steps.at(-1) as ForwardStep | undefined;
    if (!last || s.stage !== STAGE_AFTER[last]) problems.push(`session ${s.id}: stage ${s.stage} after ${last ?? "no step"}`);
    const audited = audits.filter((a) => a.entityId === s.id).map((a) => a.action).sort();
    const expected = steps.map((step) => AUDIT_OF[step as ForwardStep] ?? step).sort();
    if (audited.join() !== expected.join()) problems.push(`session ${s.id}: audit ${audited.join(", ")} for steps ${steps.join(", ")}`);
    const drawn = steps.includes("DRAW");
    const given = steps.includes("ADMINISTER");
    const lines = supplies.filter((e) => e.doseSessionId === s.id);
    if (lines.length !== (drawn ? 1 : 0)) problems.push(`session ${s.id}: ${lines.length} supply line(s) for ${drawn ? "a dose drawn" : "nothing drawn"}`);
    if (drawn !== (s.drawnAt !== null && s.drawnMg !== null)) problems.push(`session ${s.id}: header says drawn ${s.drawnMg} mg at ${String(s.drawnAt)}`);
    if (given !== (s.administeredAt !== null && s.givenMg !== null)) problems.push(`session ${s.id}: header says given ${s.givenMg} mg at ${String(s.administeredAt)}`);
    if (given && s.givenMg! > s.drawnMg!) problems.push(`session ${s.id}: ${s.givenMg} mg given of ${s.drawnMg} mg drawn`);
    for (const line of lines) {
      if (line.mgUsed !== s.drawnMg || line.participantId !== s.participantId) problems.push(`supply ${line.id}: ${line.mgUsed} mg for ${line.participantId}, dose drawn ${s.drawnMg} mg`);
    }
  }
  for (const line of supplies) if (!sessions.some((s) => s.id === line.doseSessionId)) problems.push(`supply ${line.id}: no dose session`);
  for (const entry of entries) {
    const action = REGISTER_AUDIT[entry.kind];
    if (action && !audits.some((a) => a.entityId === entry.id && a.action === action)) problems.push(`${entry.kind} ${entry.id}: no audit event`);
  }

  const balances: Record<string, number> = {};
  for (const e of entries) balances[e.batch] = (balances[e.batch] ?? 0) + (e.kind === "RECEIPT" ? 1 : e.kind === "ANNOTATION" ? 0 : -1) * e.quantity;
  // The app's own arithmetic must agree with the entries summed here.
  const stock = await prisma.$transaction((tx) => stockByBatch(tx, siteId));
  for (const [batch, balance] of Object.entries(balances)) {
    if (balance < 0) problems.push(`batch ${batch}: balance ${balance}`);
    const computed = stock.find((s) => s.batch === batch)?.available;
    if (computed !== balance) problems.push(`batch ${batch}: register says ${computed}, entries add up to ${balance}`);
  }
  return { problems, sessions, supplies, balances };
}
