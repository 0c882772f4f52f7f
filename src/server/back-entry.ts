import "server-only";
import type { BackEntry } from "@/generated/prisma/client";
import type { Actor } from "@/auth/actor";
import type { Tx } from "@/db/client";
import { ampoulesFromBatch } from "@/domain/cd-register";
import { addLocalDays, clinicDate, clinicInstant, compareSessions, dbDateToLocal, localDateToDb, type SessionKey } from "@/domain/clinic-time";
import { checkDrawnDose, observationEndsAt } from "@/domain/dose-session";
import { checkDrawWithinMaximum } from "@/domain/dosing-limits";
import { checkBackEntry, type PaperTimes } from "@/domain/downtime";
import { formatLocalDate } from "@/domain/format";
import { audit } from "./audit";
import type { ApproveBackEntriesInput, ConfirmOutageInput, EnterBackEntryInput, RejectBackEntryInput } from "./back-entry.input";
import { currentSession, DOSE_WITNESS } from "./dose-sessions";
import { RuleError } from "./errors";
import { recordSupplyForDose, stockByBatch } from "./register";
import { closeSession, liftHoldsPlacedInError, sessionsAwaitingOutageReview } from "./session-closure";
import { sessionRoster } from "./session-roster";
import { siteSettings } from "./settings";

/**
 * Back-entry (issue 19): doses given on paper while the system or the network was down are
 * entered afterwards, each with the times, dose, batch and witness written on the paper sheet.
 * An entry changes nothing until a prescriber or the CD lead (never the nurse who entered it)
 * approves its session's batch. Then each becomes a dose session with its steps and a register
 * supply, stamped with the paper's times and marked back-entered (dose record, register, audit);
 * the session closes as the catch-up would have closed it (whoever has no dose on the sheet is
 * missed); and the missed-dose engine runs again on the corrected record, lifting the holds it
 * placed in error.
 *
 * The witness is named from the paper sheet, not confirmed with a PIN now: the witnessing
 * happened at the draw and is the signature on the sheet; a PIN typed days later would attest
 * to the typing, not the draw, and the witness may be off shift. The approver, a second and
 * senior person, checks the entries against the sheet.
 */

/** Who approves a batch of back-entries: a prescriber or the CD lead. */
const APPROVERS = ["PRESCRIBER", "PHARMACIST"] as const;

const ENTERED_FROM_PAPER = "Entered from the paper sheet of an outage.";

async function lockParticipant(tx: Tx, participantId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "Participant" WHERE id = ${participantId} FOR UPDATE`;
}

function paperTimes(input: Pick<EnterBackEntryInput, "sessionDate" | "arrivedAt" | "drawnAt" | "givenAt" | "signedOffAt">): PaperTimes {
  return {
    arrivedAt: clinicInstant(input.sessionDate, input.arrivedAt),
    drawnAt: clinicInstant(input.sessionDate, input.drawnAt),
    givenAt: clinicInstant(input.sessionDate, input.givenAt),
    signedOffAt: clinicInstant(input.sessionDate, input.signedOffAt),
  };
}

/**
 * What makes a dose from paper acceptable, checked when it is entered and again, inside the
 * approval, before anything is written: nobody recorded this person's session meanwhile, the
 * session was not closed, they were expected, the dose is no more than the prescription in
 * force at the time it was drawn, the witness could witness a dose, and the batch holds the
 * ampoules. Returns what the approval writes from.
 */
async function checkEntry(
  tx: Tx,
  actor: Actor,
  entry: { participantId: string; session: SessionKey; times: PaperTimes; doseMg: number; partialReason?: string | null; injectionSite?: string | null; productId: string; batch: string; witnessId: string; enteredById: string },
  pendingOf: { exceptId?: string },
) {
  const { session, times } = entry;
  const sessionDate = localDateToDb(session.date);
  const [recorded, closure, pending] = await Promise.all([
    tx.doseSession.findUnique({ where: { participantId_sessionDate_slot: { participantId: entry.participantId, sessionDate, slot: session.slot } }, select: { id: true } }),
    tx.sessionClosure.findUnique({ where: { siteId_sessionDate_slot: { siteId: actor.siteId, sessionDate, slot: session.slot } }, select: { id: true } }),
    tx.backEntry.findFirst({
      where: { participantId: entry.participantId, sessionDate, slot: session.slot, id: pendingOf.exceptId ? { not: pendingOf.exceptId } : undefined, OR: [{ decision: { is: null } }, { decision: { outcome: "APPROVED" } }] },
      select: { id: true },
    }),
  ]);
  const when = `the ${session.slot} session on ${formatLocalDate(session.date)}`;
  if (recorded || pending) throw new RuleError("backEntry.alreadyRecorded", `A dose for ${when} is already recorded or entered for this participant: nothing was entered twice.`);
  if (closure) throw new RuleError("backEntry.sessionClosed", `${when[0]!.toUpperCase()}${when.slice(1)} is closed: its record stands and doses from paper can no longer be entered for it.`);

  const settings = await siteSettings(tx, actor.siteId);
  // The prescription in force when the dose was drawn, as the paper says.
  const [rostered] = await sessionRoster(tx, actor.siteId, session, times.drawnAt, settings, { participantId: entry.participantId });
  if (!rostered) throw new RuleError("backEntry.notInTreatment", `This participant was not in treatment at this clinic on ${formatLocalDate(session.date)}.`);
  if (rostered.notExpectedReason || !rostered.prescription) throw new RuleError("backEntry.notExpected", `${rostered.name} was not expected at ${when} (${rostered.notExpectedReason}).`);
  const prescription = rostered.prescription;
  const dose = checkDrawnDose({ prescribedMg: prescription.doseMg, drawnMg: entry.doseMg, partialReason: entry.partialReason ?? undefined });
  if (!dose.ok) throw new RuleError("backEntry.dose", `${dose.reason} That was the prescription in force at the time drawn on the paper sheet.`, { [entry.doseMg < prescription.doseMg ? "partialReason" : "doseMg"]: dose.reason });
  const maximum = checkDrawWithinMaximum(entry.doseMg, settings.doseLimits);
  if (!maximum.ok) throw new RuleError("backEntry.dose", maximum.reason, { doseMg: maximum.reason });
  if (prescription.route !== "ORAL" && !entry.injectionSite) throw new RuleError("backEntry.injectionSite", "Enter the injection site from the paper sheet.", { injectionSite: "Enter the injection site." });

  const witness = await tx.user.findFirst({ where: { id: entry.witnessId, siteId: actor.siteId, disabledAt: null, role: { in: [...DOSE_WITNESS.roles] } }, select: { id: true } });
  if (!witness || entry.witnessId === entry.enteredById) {
    throw new RuleError("backEntry.witness", "Name the witness on the paper sheet: a nurse or prescriber of this clinic other than the nurse entering the dose. A dose without a witness is not entered.", { witnessId: "Choose the witness named on the paper sheet." });
  }

  const stock = (await stockByBatch(tx, actor.siteId)).find((s) => s.productId === entry.productId && s.batch === entry.batch);
  const ampoules = ampoulesFromBatch(entry.doseMg, stock, clinicDate(times.drawnAt));
  if (!ampoules.ok) throw new RuleError("backEntry.batch", ampoules.reason, { batch: ampoules.reason });
  return { prescription, partial: dose.partial, settings, episodeId: rostered.episodeId };
}

/** A nurse enters one dose from the paper sheet; it waits for approval and changes nothing else. */
export async function enterBackEntry(tx: Tx, actor: Actor, input: EnterBackEntryInput, now: Date = new Date()) {
  await lockParticipant(tx, input.participantId);
  const settings = await siteSettings(tx, actor.siteId);
  const session: SessionKey = { date: input.sessionDate, slot: input.slot };
  const times = paperTimes(input);
  const current = await currentSession(tx, actor.siteId, now, settings.sessionWindows);
  const allowed = checkBackEntry({ session, current, now, reachDays: settings.backEntryReachDays, times });
  if (!allowed.ok) throw new RuleError("backEntry.notAllowed", allowed.reason, { [allowed.field]: allowed.reason });
  const participant = await tx.participant.findFirst({ where: { id: input.participantId, siteId: actor.siteId }, select: { id: true } });
  if (!participant) throw new RuleError("backEntry.notInTreatment", "No such participant at this clinic.");

  const fields = {
    participantId: input.participantId,
    times,
    doseMg: input.doseMg,
    partialReason: input.partialReason ?? null,
    injectionSite: input.injectionSite ?? null,
    productId: input.batch.productId,
    batch: input.batch.batch,
    witnessId: input.witnessId,
    enteredById: actor.userId,
  };
  const { prescription } = await checkEntry(tx, actor, { ...fields, session }, {});
  const created = await tx.backEntry.create({
    data: {
      siteId: actor.siteId,
      sessionDate: localDateToDb(session.date),
      slot: session.slot,
      participantId: fields.participantId,
      ...times,
      doseMg: fields.doseMg,
      partialReason: fields.partialReason,
      injectionSite: prescription.route === "ORAL" ? null : fields.injectionSite,
      productId: fields.productId,
      batch: fields.batch,
      witnessId: fields.witnessId,
      enteredById: actor.userId,
      enteredAt: now,
    },
    select: { id: true },
  });
  await audit(tx, actor, {
    action: "backEntry.enter",
    entity: "BackEntry",
    entityId: created.id,
    participantId: input.participantId,
    summary: { date: session.date, slot: session.slot, doseMg: input.doseMg, drawnAt: times.drawnAt.toISOString(), batch: input.batch.batch, witnessId: input.witnessId },
    backEntered: true,
  });
  return { id: created.id, participantId: input.participantId };
}

function requireApprover(actor: Actor): void {
  if (!(APPROVERS as readonly string[]).includes(actor.role)) throw new RuleError("backEntry.approver", "Only a prescriber or the CD lead approves doses entered from paper.");
}

async function pendingEntries(tx: Tx, siteId: string, session: SessionKey): Promise<BackEntry[]> {
  return tx.backEntry.findMany({ where: { siteId, sessionDate: localDateToDb(session.date), slot: session.slot, decision: { is: null } }, orderBy: [{ drawnAt: "asc" }, { id: "asc" }] });
}

/** The entries waiting for approval, in the form's order: what the approver confirms. */
export function entriesFingerprint(entries: { id: string }[]): string {
  return entries.map((e) => e.id).join(",");
}

/**
 * A prescriber or the CD lead approves every entry waiting for a session (the list they saw),
 * never their own. Each becomes a back-entered dose session and register supply at the paper's
 * times; the session then closes as the catch-up would have; the engine runs again and lifts
 * the holds it placed in error. Any entry that no longer passes refuses the whole batch.
 */
export async function approveBackEntries(tx: Tx, actor: Actor, input: ApproveBackEntriesInput, now: Date = new Date()) {
  requireApprover(actor);
  const session: SessionKey = { date: input.sessionDate, slot: input.slot };
  const entries = await pendingEntries(tx, actor.siteId, session);
  if (entries.length === 0) throw new RuleError("backEntry.nothingToApprove", "No dose from paper waits for approval for this session.");
  if (entriesFingerprint(entries) !== input.entries) throw new RuleError("backEntry.changed", "The entries have changed since the list was shown: check them again before approving. Nothing was approved.");
  if (entries.some((e) => e.enteredById === actor.userId)) throw new RuleError("backEntry.ownEntry", "You entered some of these doses: another prescriber or the CD lead approves them.");

  // Every participant row in one order, as the close that follows takes them.
  await tx.$queryRaw`SELECT id FROM "Participant" WHERE "siteId" = ${actor.siteId} ORDER BY id FOR UPDATE`;
  const sessionDate = localDateToDb(session.date);
  for (const entry of entries) {
    const times: PaperTimes = { arrivedAt: entry.arrivedAt, drawnAt: entry.drawnAt, givenAt: entry.givenAt, signedOffAt: entry.signedOffAt };
    const { prescription, partial, settings, episodeId } = await checkEntry(tx, actor, { ...entry, session, times }, { exceptId: entry.id });
    const outcome = partial ? "PARTIAL" : "DOSED";
    const doseSession = await tx.doseSession.create({
      data: {
        siteId: actor.siteId,
        participantId: entry.participantId,
        episodeId,
        sessionDate,
        slot: session.slot,
        stage: "SIGNED_OFF",
        outcome,
        drawnMg: entry.doseMg,
        drawnAt: times.drawnAt,
        givenMg: entry.doseMg,
        administeredAt: times.givenAt,
        observationEndsAt: observationEndsAt(times.givenAt, settings.observationMinutes),
        backEntered: true,
        createdAt: times.arrivedAt,
      },
      select: { id: true },
    });
    const by = { doseSessionId: doseSession.id, byId: entry.enteredById };
    await tx.doseSessionEvent.createMany({
      data: [
        { ...by, step: "CHECK_IN", at: times.arrivedAt, reason: ENTERED_FROM_PAPER },
        {
          ...by,
          step: "DRAW",
          at: times.drawnAt,
          witnessId: entry.witnessId,
          prescriptionId: prescription.id,
          prescribedMg: prescription.doseMg,
          doseMg: entry.doseMg,
          reason: partial ? `${ENTERED_FROM_PAPER} Partial dose: ${entry.partialReason}` : ENTERED_FROM_PAPER,
        },
        { ...by, step: "ADMINISTER", at: times.givenAt, route: prescription.route, injectionSite: entry.injectionSite, doseMg: entry.doseMg, reason: ENTERED_FROM_PAPER },
        { ...by, step: "SIGN_OFF", at: times.signedOffAt, reason: ENTERED_FROM_PAPER },
      ],
    });
    await recordSupplyForDose(
      tx,
      actor,
      { doseSessionId: doseSession.id, participantId: entry.participantId, prescriberId: prescription.prescriberId, witnessId: entry.witnessId, doseMg: entry.doseMg, productId: entry.productId, batch: entry.batch, at: times.drawnAt },
      { enteredById: entry.enteredById },
    );
    await tx.backEntryDecision.create({ data: { backEntryId: entry.id, outcome: "APPROVED", decidedById: actor.userId, decidedAt: now, doseSessionId: doseSession.id } });
    await audit(tx, actor, {
      action: "backEntry.approve",
      entity: "DoseSession",
      entityId: doseSession.id,
      participantId: entry.participantId,
      summary: { backEntryId: entry.id, enteredById: entry.enteredById, date: session.date, slot: session.slot, outcome, doseMg: entry.doseMg, drawnAt: times.drawnAt.toISOString(), givenAt: times.givenAt.toISOString(), batch: entry.batch },
      backEntered: true,
    });
  }

  const closed = await closeSession(tx, null, { siteId: actor.siteId, date: session.date, slot: session.slot }, now);
  const holdsLifted = await liftHoldsPlacedInError(tx, actor, [...new Set(entries.map((e) => e.participantId))], now);
  return { approved: entries.length, missed: closed.missed, holdsPlaced: closed.holdsPlaced, holdsLifted: holdsLifted.length };
}

/** A prescriber or the CD lead rejects one entry, with the reason; the entry is kept with its rejection. */
export async function rejectBackEntry(tx: Tx, actor: Actor, input: RejectBackEntryInput, now: Date = new Date()) {
  requireApprover(actor);
  const entry = await tx.backEntry.findFirst({ where: { id: input.backEntryId, siteId: actor.siteId }, include: { decision: { select: { id: true } } } });
  if (!entry) throw new RuleError("backEntry.notFound", "No such entry at this clinic.");
  if (entry.decision) throw new RuleError("backEntry.decided", "This entry has already been approved or rejected.");
  await tx.backEntryDecision.create({ data: { backEntryId: entry.id, outcome: "REJECTED", reason: input.reason, decidedById: actor.userId, decidedAt: now } });
  await audit(tx, actor, { action: "backEntry.reject", entity: "BackEntry", entityId: entry.id, participantId: entry.participantId, reason: input.reason, backEntered: true });
  return { id: entry.id };
}

/**
 * A prescriber or the CD lead confirms that a session which looks like an outage really ran
 * without the system and no paper doses are to come: it closes as the catch-up would have,
 * missed doses and holds included. Refused while entries from paper wait for a decision.
 */
export async function confirmOutageSession(tx: Tx, actor: Actor, input: ConfirmOutageInput, now: Date = new Date()) {
  requireApprover(actor);
  const session: SessionKey = { date: input.sessionDate, slot: input.slot };
  const waiting = await sessionsAwaitingOutageReview(tx, actor.siteId, now);
  if (!waiting.some((s) => compareSessions(s, session) === 0)) {
    throw new RuleError("outage.notWaiting", `The ${session.slot} session on ${formatLocalDate(session.date)} is not waiting after an outage: nothing was closed.`);
  }
  const pending = await pendingEntries(tx, actor.siteId, session);
  if (pending.length > 0) throw new RuleError("outage.entriesWaiting", `${pending.length} dose(s) entered from paper wait for approval for this session: approve or reject them first.`);
  await audit(tx, actor, { action: "session.outageConfirmed", entity: "SessionClosure", entityId: `${actor.siteId}:${session.date}:${session.slot}`, summary: { date: session.date, slot: session.slot }, reason: input.reason });
  return closeSession(tx, null, { siteId: actor.siteId, date: session.date, slot: session.slot }, now);
}

/** What the back-entry page shows: the sessions waiting after an outage with their entries, the recent decisions, and the form's choices. */
export async function backEntryOverview(tx: Tx, actor: Actor, now: Date = new Date()) {
  const settings = await siteSettings(tx, actor.siteId);
  const today = clinicDate(now);
  const since = localDateToDb(addLocalDays(today, -Math.max(settings.backEntryReachDays, 14)));
  const person = { select: { reference: true, identity: { select: { givenName: true, familyName: true } } } } as const;
  const [waiting, entries, episodes, witnesses, stock] = await Promise.all([
    sessionsAwaitingOutageReview(tx, actor.siteId, now),
    tx.backEntry.findMany({
      where: { siteId: actor.siteId, sessionDate: { gte: since } },
      orderBy: [{ sessionDate: "desc" }, { slot: "desc" }, { drawnAt: "asc" }, { id: "asc" }],
      include: {
        participant: person,
        product: { select: { strengthMg: true } },
        witness: { select: { name: true } },
        enteredBy: { select: { name: true } },
        decision: { include: { decidedBy: { select: { name: true } } } },
      },
    }),
    tx.episode.findMany({ where: { siteId: actor.siteId, closedOn: null }, select: { participantId: true, participant: person } }),
    tx.user.findMany({ where: { siteId: actor.siteId, disabledAt: null, role: { in: [...DOSE_WITNESS.roles] }, id: { not: actor.userId } }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    stockByBatch(tx, actor.siteId),
  ]);
  const nameOf = (p: { reference: string; identity: { givenName: string; familyName: string } | null }) => (p.identity ? `${p.identity.givenName} ${p.identity.familyName}` : p.reference);
  const rows = entries.map((e) => ({
    id: e.id,
    session: { date: dbDateToLocal(e.sessionDate), slot: e.slot } as SessionKey,
    participant: `${nameOf(e.participant)} · ${e.participant.reference}`,
    arrivedAt: e.arrivedAt,
    drawnAt: e.drawnAt,
    givenAt: e.givenAt,
    signedOffAt: e.signedOffAt,
    doseMg: e.doseMg,
    batch: `${e.batch} (${e.product.strengthMg} mg)`,
    witness: e.witness.name,
    enteredBy: e.enteredBy.name,
    enteredById: e.enteredById,
    decision: e.decision ? { outcome: e.decision.outcome, reason: e.decision.reason, by: e.decision.decidedBy.name, at: e.decision.decidedAt } : null,
  }));
  const sessionsWithEntries = rows.filter((r) => r.decision === null).map((r) => r.session);
  const openSessions = [...waiting, ...sessionsWithEntries].filter((s, i, all) => all.findIndex((o) => compareSessions(o, s) === 0) === i).sort(compareSessions);
  return {
    reachDays: settings.backEntryReachDays,
    today,
    sessions: openSessions.map((session) => {
      const pending = rows.filter((r) => r.decision === null && compareSessions(r.session, session) === 0);
      return { session, awaitingReview: waiting.some((w) => compareSessions(w, session) === 0), pending, fingerprint: entriesFingerprint(pending) };
    }),
    decided: rows.filter((r) => r.decision !== null),
    participants: episodes.map((e) => ({ id: e.participantId, label: `${nameOf(e.participant)} · ${e.participant.reference}` })).sort((a, b) => a.label.localeCompare(b.label)),
    witnesses,
    batches: stock.filter((s) => s.available > 0).map((s) => ({ value: `${s.productId}:${s.batch}`, label: `${s.batch} · ${s.strengthMg} mg ampoules · ${s.available} in stock` })),
  };
}
