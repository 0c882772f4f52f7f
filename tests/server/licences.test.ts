import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { form, signedInAs, useTestDatabase } from "../support/actions";
import type { Actor } from "@/auth/actor";
import { addLocalDays, clinicDate, clinicInstant } from "@/domain/clinic-time";
import { authoriseLateDose } from "@/server/dose-sessions";
import { clearHold, placeHold, prescribe } from "@/server/prescriptions";
import { PrescribeInput } from "@/server/prescriptions.input";
import { prescriberLicences } from "@/server/licences";
import { reviewQueue } from "@/server/review-queue";
import { recordLicenceAction, revokeLicenceAction } from "@app/(staff)/admin/licences/actions";
import { freshDatabase, type TestDatabase } from "../support/database";
import { doseClinic, type Clinic } from "../support/dose-clinic";
import { licensePrescriber, makeSite } from "../support/fixtures";

/**
 * Issue 15: only a prescriber holding a Home Office licence for these premises may
 * prescribe diamorphine (Misuse of Drugs (Supply to Addicts) Regulations 1997). Licences are
 * kept by an administrator with a second person's confirmation.
 */
let db: TestDatabase;

beforeAll(async () => {
  db = await freshDatabase();
  useTestDatabase(db);
});
afterAll(() => db?.close());

const { run, DAY, at, staff, clinic, participant, assessed, refusedAndUnchanged } = doseClinic(() => db);

type Person = { actor: Actor; email: string };
let c: Clinic;
let admin: Person;
let secondAdmin: Person;
/** A prescriber at the clinic with no licence (PIN 447190). */
let holder: Person;

beforeAll(async () => {
  c = await clinic();
  admin = await staff(c.siteId, "ADMIN", "118274");
  secondAdmin = await staff(c.siteId, "ADMIN", "228514");
  holder = await staff(c.siteId, "PRESCRIBER", "447190");
});

const today = () => clinicDate(new Date());
const licenceForm = (fields: Record<string, string> = {}) =>
  form({ prescriberId: holder.actor.userId, siteId: c.siteId, number: "HO/2026/0042", validFrom: addLocalDays(today(), -10), expiresOn: addLocalDays(today(), 365), witnessEmail: secondAdmin.email, witnessPin: "228514", ...fields });
const counts = async () => ({
  licences: await db.prisma.prescriberLicence.count(),
  revocations: await db.prisma.prescriberLicenceRevocation.count(),
  // A failed PIN is audited on purpose (tests/server/witness-pin.test.ts); the step itself writes nothing.
  audits: await db.prisma.auditEvent.count({ where: { NOT: { action: { startsWith: "witness." } } } }),
});

describe("recording and revoking a prescriber's licence", () => {
  it.each([
    ["oneself", () => ({ witnessEmail: admin.email, witnessPin: "118274" }), /cannot witness your own/],
    ["the licence holder", () => ({ witnessEmail: holder.email, witnessPin: "447190" }), /licence holder cannot confirm their own licence/],
    ["a nurse", () => ({ witnessEmail: c.witnessEmail, witnessPin: "246813" }), /cannot witness a prescriber's licence/],
    ["a wrong PIN", () => ({ witnessEmail: secondAdmin.email, witnessPin: "990099" }), /do not match an active member of staff/],
    ["someone at no clinic of ours", () => ({ witnessEmail: "stranger@elsewhere.example", witnessPin: "228514" }), /do not match an active member of staff/],
  ])("refuses a licence confirmed by %s, and writes nothing", async (_who, second, message) => {
    signedInAs.actor = admin.actor;
    const before = await counts();
    const result = await recordLicenceAction(null, licenceForm(second()));
    expect(result).toMatchObject({ ok: false, code: "rule", error: expect.stringMatching(message) });
    expect(await counts()).toEqual(before);
  });

  it("refuses a licence with no second person at all, and writes nothing", async () => {
    signedInAs.actor = admin.actor;
    const before = await counts();
    const fields = licenceForm();
    fields.delete("witnessEmail");
    fields.delete("witnessPin");
    expect(await recordLicenceAction(null, fields)).toMatchObject({ ok: false, code: "invalid", fieldErrors: { witnessEmail: expect.any(String), witnessPin: expect.any(String) } });
    expect(await counts()).toEqual(before);
  });

  it("refuses a licence for someone who is not a prescriber, one already expired, and dates the wrong way round", async () => {
    signedInAs.actor = admin.actor;
    const before = await counts();
    expect(await recordLicenceAction(null, licenceForm({ prescriberId: c.nurse.userId }))).toMatchObject({ ok: false, code: "rule", error: expect.stringMatching(/Only a prescriber/) });
    expect(await recordLicenceAction(null, licenceForm({ validFrom: addLocalDays(today(), -400), expiresOn: addLocalDays(today(), -1) }))).toMatchObject({ ok: false, code: "rule", fieldErrors: { expiresOn: expect.any(String) } });
    expect(await recordLicenceAction(null, licenceForm({ validFrom: addLocalDays(today(), 2), expiresOn: addLocalDays(today(), 1) }))).toMatchObject({ ok: false, code: "invalid", fieldErrors: { expiresOn: expect.any(String) } });
    expect(await counts()).toEqual(before);
  });

  it("lets only an administrator record a licence", async () => {
    signedInAs.actor = c.prescriber;
    expect(await recordLicenceAction(null, licenceForm({ witnessEmail: secondAdmin.email }))).toMatchObject({ ok: false, code: "forbidden" });
  });

  it("records a licence confirmed by a second administrator, and audits who recorded and who confirmed it", async () => {
    signedInAs.actor = admin.actor;
    const result = await recordLicenceAction(null, licenceForm());
    expect(result).toMatchObject({ ok: true });
    const licence = await db.prisma.prescriberLicence.findFirstOrThrow({ where: { prescriberId: holder.actor.userId } });
    expect(licence).toMatchObject({ siteId: c.siteId, number: "HO/2026/0042", recordedById: admin.actor.userId, confirmedById: secondAdmin.actor.userId });
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "licence.record", entityId: licence.id } });
    expect(event).toMatchObject({ actorId: admin.actor.userId, actorRole: "ADMIN", summary: expect.objectContaining({ prescriberId: holder.actor.userId, confirmedById: secondAdmin.actor.userId }) });

    const listed = (await prescriberLicences(db.prisma)).find((p) => p.id === holder.actor.userId);
    expect(listed?.status).toMatchObject({ kind: "valid", number: "HO/2026/0042" });
  });

  it("revokes a licence confirmed by a prescriber other than the holder, once, after which the holder cannot prescribe", async () => {
    const licence = await db.prisma.prescriberLicence.findFirstOrThrow({ where: { prescriberId: holder.actor.userId } });
    signedInAs.actor = admin.actor;
    const before = await counts();
    expect(await revokeLicenceAction(null, form({ licenceId: licence.id, reason: "Home Office withdrew it", witnessEmail: holder.email, witnessPin: "447190" }))).toMatchObject({
      ok: false,
      code: "rule",
      error: expect.stringMatching(/licence holder cannot confirm/),
    });
    expect(await counts()).toEqual(before);

    expect(await revokeLicenceAction(null, form({ licenceId: licence.id, reason: "Home Office withdrew it", witnessEmail: c.prescriberEmail, witnessPin: "357924" }))).toMatchObject({ ok: true });
    const revocation = await db.prisma.prescriberLicenceRevocation.findUniqueOrThrow({ where: { licenceId: licence.id } });
    expect(revocation).toMatchObject({ recordedById: admin.actor.userId, confirmedById: c.prescriber.userId, reason: "Home Office withdrew it" });
    expect(await db.prisma.auditEvent.findFirst({ where: { action: "licence.revoke", entityId: licence.id } })).toMatchObject({ reason: "Home Office withdrew it" });

    expect(await revokeLicenceAction(null, form({ licenceId: licence.id, reason: "Again", witnessEmail: c.prescriberEmail, witnessPin: "357924" }))).toMatchObject({
      ok: false,
      code: "rule",
      error: "This licence has already been revoked.",
    });
    const { participantId } = await participant(c);
    await expect(run((tx) => prescribe(tx, holder.actor, PrescribeInput.parse({ participantId, amDoseMg: 100, pmDoseMg: 120, reason: "Review" })))).rejects.toMatchObject({
      code: "prescriber.unlicensed",
      message: expect.stringMatching(/has been revoked/),
    });
  });
});

describe("prescribing acts refused without a licence for the site", () => {
  let unlicensed: Actor;
  beforeAll(async () => {
    unlicensed = (await staff(c.siteId, "PRESCRIBER", null)).actor;
  });

  const prescribeAs = (actor: Actor, participantId: string, now: Date) =>
    run((tx) => prescribe(tx, actor, PrescribeInput.parse({ participantId, amDoseMg: 90, pmDoseMg: 110, reason: "Reduced after review" }), now));
  const written = async (participantId: string) => ({
    prescriptions: await db.prisma.prescription.count({ where: { participantId } }),
    holds: await db.prisma.hold.findMany({ where: { participantId }, orderBy: { placedAt: "asc" }, include: { clearance: true } }),
    audits: await db.prisma.auditEvent.count(),
  });

  it("refuses an unlicensed prescriber's prescription with a message they understand, and writes nothing", async () => {
    const { participantId } = await participant(c);
    const before = await written(participantId);
    await expect(prescribeAs(unlicensed, participantId, at("09:00"))).rejects.toMatchObject({
      code: "prescriber.unlicensed",
      message: expect.stringMatching(/^You have no Home Office licence to prescribe diamorphine recorded for this clinic.*Nothing was saved/),
    });
    expect(await written(participantId)).toEqual(before);
    // A licensed colleague can.
    await prescribeAs(c.prescriber, participantId, at("09:00"));
  });

  it("lets an unlicensed prescriber place a hold, but not clear one (alone or with a new prescription), and writes nothing", async () => {
    const { participantId } = await participant(c);
    const { id: holdId } = await run((tx) => placeHold(tx, unlicensed, { participantId, kind: "HARD", reason: "Drowsy at the PM dose" }));
    const before = await written(participantId);
    await expect(run((tx) => clearHold(tx, unlicensed, { holdId, note: "Seen, safe to dose" }, at("09:00")))).rejects.toMatchObject({ code: "prescriber.unlicensed" });
    await expect(run((tx) => prescribe(tx, unlicensed, PrescribeInput.parse({ participantId, amDoseMg: 50, pmDoseMg: 50, reason: "Reduced", clearHoldId: holdId }), at("09:00")))).rejects.toMatchObject({
      code: "prescriber.unlicensed",
    });
    expect(await written(participantId)).toEqual(before);
    expect(before.holds[0]).toMatchObject({ clearance: null });
    await run((tx) => clearHold(tx, c.prescriber, { holdId, note: "Seen, safe to dose" }, at("09:00")));
  });

  it("refuses an unlicensed prescriber's late-dose authorisation, and writes nothing", async () => {
    const late = await participant(c);
    const lateId = await assessed(c, late.participantId, at("10:55"));
    await refusedAndUnchanged(lateId, () => run((tx) => authoriseLateDose(tx, unlicensed, { doseSessionId: lateId, reason: "Bus cancelled" }, at("11:12"))), "prescriber.unlicensed");
    await run((tx) => authoriseLateDose(tx, c.prescriber, { doseSessionId: lateId, reason: "Bus cancelled" }, at("11:12")));
  });

  it("does not count a licence for other premises", async () => {
    const elsewhere = await makeSite(db.prisma);
    const visiting = (await staff(c.siteId, "PRESCRIBER", null)).actor;
    await licensePrescriber(db.prisma, visiting.userId, elsewhere.id);
    const { participantId } = await participant(c);
    await expect(prescribeAs(visiting, participantId, at("09:00"))).rejects.toMatchObject({ code: "prescriber.unlicensed" });
  });

  it("accepts a licence on its expiry date and refuses it the next day, in the clinic's time (BST)", async () => {
    const expiring = (await staff(c.siteId, "PRESCRIBER", null)).actor;
    await licensePrescriber(db.prisma, expiring.userId, c.siteId, { validFrom: "2026-01-01", expiresOn: "2026-06-15" });
    const { participantId } = await participant(c);
    await prescribeAs(expiring, participantId, clinicInstant("2026-06-15", "23:59"));
    // 23:30 UTC on the 15th is 00:30 on the 16th in London.
    await expect(prescribeAs(expiring, participantId, new Date("2026-06-15T23:30:00Z"))).rejects.toMatchObject({
      code: "prescriber.unlicensed",
      message: expect.stringMatching(/expired on Mon 15 Jun 2026/),
    });
  });

  it("refuses a licence that has not started yet", async () => {
    const early = (await staff(c.siteId, "PRESCRIBER", null)).actor;
    await licensePrescriber(db.prisma, early.userId, c.siteId, { validFrom: addLocalDays(DAY, 1) });
    const { participantId } = await participant(c);
    await expect(prescribeAs(early, participantId, at("09:00"))).rejects.toMatchObject({ code: "prescriber.unlicensed", message: expect.stringMatching(/not valid until/) });
  });
});

describe("the review queue warns before a licence expires", () => {
  it("lists prescribers at the site whose licence ends within 30 days or has ended, and not those with longer", async () => {
    const site = await makeSite(db.prisma);
    const now = clinicInstant("2026-05-01", "09:00");
    const prescriber = async (name: string, expiresOn: string | null) => {
      const user = await db.prisma.user.create({ data: { email: `${name}@queue.test`, name, role: "PRESCRIBER", siteId: site.id, passwordHash: "x" } });
      if (expiresOn) await licensePrescriber(db.prisma, user.id, site.id, { validFrom: "2026-01-01", expiresOn });
      return user.id;
    };
    const in30 = await prescriber("Dr Thirty", "2026-05-31");
    await prescriber("Dr ThirtyOne", "2026-06-01");
    const expired = await prescriber("Dr Lapsed", "2026-04-30");
    const none = await prescriber("Dr Unrecorded", null);
    // A licence elsewhere is no licence here.
    await db.prisma.user.create({ data: { email: "elsewhere@queue.test", name: "Dr Elsewhere", role: "PRESCRIBER", siteId: c.siteId, passwordHash: "x" } });

    const queue = await reviewQueue(db.prisma, site.id, now);
    expect(queue.licences).toEqual([
      { prescriberId: expired, name: "Dr Lapsed", status: { kind: "expired", expiresOn: "2026-04-30" } },
      { prescriberId: in30, name: "Dr Thirty", status: expect.objectContaining({ kind: "expiring", expiresOn: "2026-05-31", daysLeft: 30 }) },
      { prescriberId: none, name: "Dr Unrecorded", status: { kind: "none" } },
    ]);
    expect(queue.licenceWarningDays).toBe(30);
  });

  it("stops warning once the renewal is recorded", async () => {
    const site = await makeSite(db.prisma);
    const user = await db.prisma.user.create({ data: { email: "renewed@queue.test", name: "Dr Renewed", role: "PRESCRIBER", siteId: site.id, passwordHash: "x" } });
    await licensePrescriber(db.prisma, user.id, site.id, { validFrom: "2025-06-01", expiresOn: "2026-05-31" });
    const now = clinicInstant("2026-05-10", "09:00");
    expect((await reviewQueue(db.prisma, site.id, now)).licences).toHaveLength(1);
    await licensePrescriber(db.prisma, user.id, site.id, { validFrom: "2026-06-01", expiresOn: "2027-05-31" });
    expect((await reviewQueue(db.prisma, site.id, now)).licences).toEqual([]);
  });
});
