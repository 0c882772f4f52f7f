import "server-only";
import type { Role } from "@/generated/prisma/enums";
import type { Actor } from "@/auth/actor";
import type { Db, Tx } from "@/db/client";
import { clinicDate, dbDateToLocal, localDateToDb } from "@/domain/clinic-time";
import { isLicenceUsable, licenceStatus, recordState, unlicensedMessage, type LicenceRecord, type LicenceStatus } from "@/domain/licences";
import { audit } from "./audit";
import { RuleError } from "./errors";
import type { RecordLicenceInput, RevokeLicenceInput } from "./licences.input";
import { checkWitnessPin, confirmWitness, type CheckedWitness, type WitnessRule } from "./witness";

/**
 * Home Office licences to prescribe diamorphine for addiction (Misuse of Drugs (Supply to
 * Addicts) Regulations 1997), for named premises. Administrators keep them; a second member
 * of staff (another administrator or a prescriber, never the licence holder) confirms each
 * record and revocation with their email and PIN, so one person cannot license anyone alone.
 */

const CONFIRMERS: readonly Role[] = ["ADMIN", "PRESCRIBER"];
const RECORD_CONFIRMATION: WitnessRule = { roles: CONFIRMERS, what: "a prescriber's licence" };
const REVOCATION_CONFIRMATION: WitnessRule = { roles: CONFIRMERS, what: "the revocation of a prescriber's licence" };

const licenceSelect = { id: true, prescriberId: true, siteId: true, number: true, validFrom: true, expiresOn: true, revocation: { select: { id: true } } } as const;

function toRecord(row: { siteId: string; number: string; validFrom: Date; expiresOn: Date; revocation: { id: string } | null }): LicenceRecord {
  return { siteId: row.siteId, number: row.number, validFrom: dbDateToLocal(row.validFrom), expiresOn: dbDateToLocal(row.expiresOn), revoked: row.revocation !== null };
}

/**
 * Refuses the act unless the acting prescriber holds a licence in force today (clinic date)
 * for the site they are working at. Called by every act that prescribes: writing a
 * prescription, clearing a hold, authorising a late dose.
 */
export async function requireValidLicence(tx: Tx, actor: Actor, now: Date = new Date()): Promise<void> {
  const rows = await tx.prescriberLicence.findMany({ where: { prescriberId: actor.userId, siteId: actor.siteId }, select: licenceSelect });
  const status = licenceStatus(rows.map(toRecord), actor.siteId, clinicDate(now));
  if (!isLicenceUsable(status)) throw new RuleError("prescriber.unlicensed", unlicensedMessage(status));
}

/**
 * Before the transaction: the prescriber (or the licence) exists (a made-up id is answered
 * "no such record" and never reaches a PIN), then the second person's PIN.
 */
export async function checkLicenceConfirmation(db: Db, actor: Actor, input: RecordLicenceInput, now: Date = new Date()): Promise<CheckedWitness> {
  const prescriber = await db.user.findFirst({ where: { id: input.prescriberId, role: "PRESCRIBER" }, select: { id: true } });
  if (!prescriber) throw new RuleError("licence.notPrescriber", "Only a prescriber can hold a licence to prescribe diamorphine.", { prescriberId: "Choose a prescriber." });
  const step = { action: "licence.record", what: RECORD_CONFIRMATION.what, recordId: prescriber.id };
  return checkWitnessPin(db, actor, { email: input.witnessEmail, pin: input.witnessPin }, step, now);
}

export async function checkRevocationConfirmation(db: Db, actor: Actor, input: RevokeLicenceInput, now: Date = new Date()): Promise<CheckedWitness> {
  const licence = await db.prescriberLicence.findUnique({ where: { id: input.licenceId }, select: { id: true } });
  if (!licence) throw new RuleError("licence.notFound", "No such licence record.");
  const step = { action: "licence.revoke", what: REVOCATION_CONFIRMATION.what, recordId: licence.id };
  return checkWitnessPin(db, actor, { email: input.witnessEmail, pin: input.witnessPin }, step, now);
}

async function confirmSecondPerson(tx: Tx, actor: Actor, checked: CheckedWitness, holderId: string, rule: WitnessRule) {
  const second = await confirmWitness(tx, actor, checked, rule);
  if (second.id === holderId) {
    throw new RuleError("licence.confirmedByHolder", "The licence holder cannot confirm their own licence: ask another administrator or prescriber.", {
      witnessEmail: "Enter the email of a colleague who is not the licence holder.",
    });
  }
  return second;
}

export async function recordLicence(tx: Tx, actor: Actor, input: RecordLicenceInput, checked: CheckedWitness, now: Date = new Date()) {
  const prescriber = await tx.user.findUnique({ where: { id: input.prescriberId }, select: { id: true, role: true, disabledAt: true } });
  if (!prescriber || prescriber.role !== "PRESCRIBER") {
    throw new RuleError("licence.notPrescriber", "Only a prescriber can hold a licence to prescribe diamorphine.", { prescriberId: "Choose a prescriber." });
  }
  if (prescriber.disabledAt) throw new RuleError("licence.disabledPrescriber", "This prescriber's account is disabled: enable it before recording a licence.");
  const site = await tx.site.findUnique({ where: { id: input.siteId }, select: { id: true } });
  if (!site) throw new RuleError("site.notFound", "No such site.", { siteId: "Choose the premises the licence names." });
  if (input.expiresOn < clinicDate(now)) {
    throw new RuleError("licence.alreadyExpired", "That licence has already expired and gives no cover: check the expiry date.", { expiresOn: "The expiry date has passed." });
  }
  const second = await confirmSecondPerson(tx, actor, checked, prescriber.id, RECORD_CONFIRMATION);
  const licence = await tx.prescriberLicence.create({
    data: {
      prescriberId: prescriber.id,
      siteId: site.id,
      number: input.number,
      validFrom: localDateToDb(input.validFrom),
      expiresOn: localDateToDb(input.expiresOn),
      recordedById: actor.userId,
      confirmedById: second.id,
    },
    select: { id: true },
  });
  await audit(tx, actor, {
    action: "licence.record",
    entity: "PrescriberLicence",
    entityId: licence.id,
    summary: { prescriberId: prescriber.id, siteId: site.id, number: input.number, validFrom: input.validFrom, expiresOn: input.expiresOn, confirmedById: second.id },
  });
  return { id: licence.id };
}

export async function revokeLicence(tx: Tx, actor: Actor, input: RevokeLicenceInput, checked: CheckedWitness) {
  const licence = await tx.prescriberLicence.findUnique({ where: { id: input.licenceId }, select: licenceSelect });
  if (!licence) throw new RuleError("licence.notFound", "No such licence record.");
  if (licence.revocation) throw new RuleError("licence.alreadyRevoked", "This licence has already been revoked.");
  const second = await confirmSecondPerson(tx, actor, checked, licence.prescriberId, REVOCATION_CONFIRMATION);
  const revocation = await tx.prescriberLicenceRevocation.create({
    data: { licenceId: licence.id, reason: input.reason, recordedById: actor.userId, confirmedById: second.id },
    select: { id: true },
  });
  await audit(tx, actor, {
    action: "licence.revoke",
    entity: "PrescriberLicence",
    entityId: licence.id,
    summary: { prescriberId: licence.prescriberId, siteId: licence.siteId, number: licence.number, revocationId: revocation.id, confirmedById: second.id },
    reason: input.reason,
  });
  return { id: licence.id };
}

/** Every prescriber with their licence records and where they stand at their own site today, for administrators. */
export async function prescriberLicences(tx: Tx, now: Date = new Date()) {
  const today = clinicDate(now);
  const prescribers = await tx.user.findMany({
    where: { role: "PRESCRIBER" },
    orderBy: [{ disabledAt: { sort: "asc", nulls: "first" } }, { name: "asc" }],
    select: {
      id: true,
      name: true,
      email: true,
      siteId: true,
      disabledAt: true,
      site: { select: { name: true } },
      licencesHeld: {
        orderBy: [{ expiresOn: "desc" }, { createdAt: "desc" }],
        select: { ...licenceSelect, site: { select: { name: true } }, revocation: { select: { id: true, reason: true, createdAt: true } } },
      },
    },
  });
  return prescribers.map((p) => ({
    id: p.id,
    name: p.name,
    email: p.email,
    siteId: p.siteId,
    siteName: p.site.name,
    disabled: p.disabledAt !== null,
    status: licenceStatus(p.licencesHeld.map(toRecord), p.siteId, today),
    licences: p.licencesHeld.map((l) => ({
      id: l.id,
      state: recordState(toRecord(l), today),
      siteName: l.site.name,
      number: l.number,
      validFrom: dbDateToLocal(l.validFrom),
      expiresOn: dbDateToLocal(l.expiresOn),
      revoked: l.revocation ? { reason: l.revocation.reason, at: l.revocation.createdAt } : null,
    })),
  }));
}

/**
 * Prescribers working at a site who cannot prescribe there, or soon cannot: cover ending
 * within 30 days, expired, not yet started, revoked, or never recorded.
 */
export async function licenceWarnings(tx: Tx, siteId: string, now: Date = new Date()) {
  const today = clinicDate(now);
  const prescribers = await tx.user.findMany({
    where: { role: "PRESCRIBER", siteId, disabledAt: null },
    orderBy: { name: "asc" },
    select: { id: true, name: true, licencesHeld: { where: { siteId }, select: licenceSelect } },
  });
  return prescribers
    .map((p) => ({ prescriberId: p.id, name: p.name, status: licenceStatus(p.licencesHeld.map(toRecord), siteId, today) }))
    .filter((p): p is { prescriberId: string; name: string; status: Exclude<LicenceStatus, { kind: "valid" }> } => p.status.kind !== "valid");
}
