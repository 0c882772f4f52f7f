import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { actingAs, form, useTestDatabase } from "../support/actions";
import * as bcrypt from "@node-rs/bcrypt";
import { createUserAction, resetWitnessPinAction } from "@app/(staff)/admin/actions";
import { recordLicenceAction, revokeLicenceAction } from "@app/(staff)/admin/licences/actions";
import { setOwnWitnessPinAction } from "@app/(staff)/account/actions";
import { destroyDoseLeftoverAction, receiveStockAction, removeStockAction, stockCheckAction } from "@app/(staff)/register/actions";
import { drawDoseAction } from "@app/(staff)/today/actions";
import type { Actor } from "@/auth/actor";
import { hashPassword } from "@/auth/passwords";
import { checkDrawWitness, drawDose } from "@/server/dose-sessions";
import { DrawDoseInput } from "@/server/dose-sessions.input";
import { freshDatabase, type TestDatabase } from "../support/database";
import { countingTransactions } from "../support/transactions";
import { doseClinic, type Clinic } from "../support/dose-clinic";

/**
 * Issue 16, finding 2: a colleague's 4-digit witness PIN was found in 51 tries; a made-up
 * session id answered "no such session" where a real one answered "wrong PIN"; PINs were
 * chosen (and so known) by the administrator and could never be changed; the PIN was hashed
 * inside the dose's transaction, holding its locks. Replayed here through the real actions.
 */

/** Transactions whose work is running, and how many were running at each hash check. */
const watch = vi.hoisted(() => ({ inTransaction: 0, atEachCheck: [] as number[] }));

vi.mock("@node-rs/bcrypt", async (original) => {
  const real = await original<typeof import("@node-rs/bcrypt")>();
  const verify = (...args: Parameters<typeof real.verify>) => {
    watch.atEachCheck.push(watch.inTransaction);
    return real.verify(...args);
  };
  return { ...real, verify: vi.fn(verify) };
});
const verify = vi.mocked(bcrypt.verify);

let db: TestDatabase;

beforeAll(async () => {
  db = await freshDatabase();
  useTestDatabase(countingTransactions(db, watch));
  // The actions read the clock: a Tuesday in March, inside the AM window.
  vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
  vi.setSystemTime(new Date("2026-03-10T09:00:00Z"));
});
afterAll(async () => {
  vi.useRealTimers();
  await db?.close();
});
beforeEach(() => {
  verify.mockClear();
});
afterEach(() => {
  vi.setSystemTime(new Date("2026-03-10T09:00:00Z"));
});

const { at, staff, clinic, participant, assessed } = doseClinic(() => db);

const WITNESS_PIN = "246813";

/** A session ready to draw, and the draw as the nurse's tablet posts it. */
async function readyToDraw(c: Clinic) {
  const { participantId } = await participant(c);
  const id = await assessed(c, participantId, at("08:55"));
  const draw = (fields: Record<string, string> = {}) =>
    actingAs(c.nurse, () => drawDoseAction(null, form({ doseSessionId: id, doseMg: 100, batch: c.batch, witnessEmail: c.witnessEmail, witnessPin: WITNESS_PIN, ...fields })));
  return { id, participantId, draw };
}

const witnessAudits = (actorId: string) => db.prisma.auditEvent.findMany({ where: { actorId, action: { startsWith: "witness." } }, orderBy: { id: "asc" } });

describe("guessing a colleague's witness PIN", () => {
  it("locks the witness's PIN after five wrong PINs: of 51 guesses the last 46, the right PIN among them, are refused unchecked", async () => {
    const c = await clinic();
    const { id, draw } = await readyToDraw(c);
    const witnessId = (await db.prisma.user.findUniqueOrThrow({ where: { email: c.witnessEmail } })).id;
    const guesses = Array.from({ length: 51 }, (_, i) => (i === 50 ? WITNESS_PIN : String(100000 + i * 7919)));
    const answers: string[] = [];
    for (const pin of guesses) {
      const result = await draw({ witnessPin: pin });
      answers.push(result.ok ? "drawn" : result.error);
    }
    expect(answers.slice(0, 5)).toEqual(Array(5).fill("The witness's email and PIN do not match an active member of staff at this clinic."));
    for (const answer of answers.slice(5)) expect(answer).toMatch(/^Too many wrong PINs for this witness: their PIN is locked until 09:\d\d\. Ask another colleague to witness\.$/);
    expect(verify).toHaveBeenCalledTimes(5);
    expect((await db.prisma.doseSession.findUniqueOrThrow({ where: { id } })).stage).toBe("ASSESSED");

    // Every failure is on the audit trail, although each step was refused: who tried, whose PIN, which step.
    const audits = await witnessAudits(c.nurse.userId);
    expect(audits.map((a) => a.action)).toEqual([...Array(5).fill("witness.failed"), ...Array(46).fill("witness.locked")]);
    for (const a of audits) {
      expect(a).toMatchObject({ actorRole: "NURSE", siteId: c.siteId, entity: "User", entityId: witnessId, summary: { step: "doseSession.draw", recordId: id, witnessId } });
    }

    // Fifteen minutes after the last wrong PIN the witness can witness again.
    vi.setSystemTime(new Date(Date.now() + 15 * 60_000));
    expect(await draw()).toMatchObject({ ok: true });
  });

  it("lets no more than five of twenty guesses sent at once reach the PIN check", async () => {
    const c = await clinic();
    const { draw } = await readyToDraw(c);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => draw({ witnessPin: String(300000 + i) })));
    expect(results.every((r) => !r.ok && r.code === "rule")).toBe(true);
    expect(verify.mock.calls.length).toBeLessThanOrEqual(5);
    expect((await witnessAudits(c.nurse.userId)).length).toBe(20);
  });

  it("a right PIN resets the count: a witness who mistypes now and then is never locked", async () => {
    const c = await clinic();
    for (let round = 0; round < 3; round++) {
      const { draw } = await readyToDraw(c);
      for (let i = 0; i < 4; i++) expect(await draw({ witnessPin: "999990" })).toMatchObject({ ok: false, code: "rule" });
      expect(await draw()).toMatchObject({ ok: true });
    }
  });
});

describe("what a draw tells about the witness and the session", () => {
  it("answers a made-up session id with 'no such session' whatever the PIN, without checking or counting it", async () => {
    const c = await clinic();
    const { draw } = await readyToDraw(c);
    for (const witnessPin of [WITNESS_PIN, "999990"]) {
      expect(await draw({ doseSessionId: "made-up-session", witnessPin })).toMatchObject({ ok: false, code: "rule", error: "No such dose session at this clinic." });
    }
    expect(verify).not.toHaveBeenCalled();
    expect(await db.prisma.witnessPinAttempt.count({ where: { actorId: c.nurse.userId } })).toBe(0);
  });

  it("answers a wrong PIN, an unknown email and a colleague with no PIN alike, after the same one hash check", async () => {
    const c = await clinic();
    const { draw } = await readyToDraw(c);
    const noPin = await staff(c.siteId, "NURSE", null);
    const cases = [
      { witnessEmail: c.witnessEmail, witnessPin: "999990" },
      { witnessEmail: "nobody@clinic.test", witnessPin: WITNESS_PIN },
      { witnessEmail: noPin.email, witnessPin: WITNESS_PIN },
    ];
    for (const fields of cases) {
      verify.mockClear();
      expect(await draw(fields)).toEqual({
        ok: false,
        code: "rule",
        error: "The witness's email and PIN do not match an active member of staff at this clinic.",
        fieldErrors: { witnessPin: "Check the witness's email and PIN." },
      });
      expect(verify).toHaveBeenCalledTimes(1);
    }
  });

  it("checks the PIN before any transaction opens, so hashing never holds the participant's lock", async () => {
    const c = await clinic();
    const { draw } = await readyToDraw(c);
    watch.atEachCheck.length = 0;
    expect(await draw({ witnessPin: "999990" })).toMatchObject({ ok: false });
    expect(await draw()).toMatchObject({ ok: true });
    expect(watch.atEachCheck).toEqual([0, 0]);
  });

  it("refuses in the transaction a witness whose PIN was reset, or who was disabled, after the PIN was checked", async () => {
    const c = await clinic();
    for (const change of [{ witnessPinHash: null }, { disabledAt: new Date() }]) {
      const { id } = await readyToDraw(c);
      const input = DrawDoseInput.parse({ doseSessionId: id, doseMg: "100", batch: c.batch, witnessEmail: c.witnessEmail, witnessPin: WITNESS_PIN });
      const witness = await checkDrawWitness(db.prisma, c.nurse, input);
      const original = await db.prisma.user.findUniqueOrThrow({ where: { id: witness.id } });
      await db.prisma.user.update({ where: { id: witness.id }, data: change });
      await expect(db.prisma.$transaction((tx) => drawDose(tx, c.nurse, input, witness))).rejects.toMatchObject({ code: "witness.notConfirmed" });
      await db.prisma.user.update({ where: { id: witness.id }, data: { witnessPinHash: original.witnessPinHash, disabledAt: null } });
    }
  });

  it("checks the register's product, the drawn dose or the licence before the PIN, for every witnessed step", async () => {
    const c = await clinic();
    const admin = await staff(c.siteId, "ADMIN", null);
    const wrong = { witnessEmail: c.witnessEmail, witnessPin: "999990" };
    const steps = [
      [c.pharmacist, receiveStockAction, { productId: "no-such-product", batch: "B9", expiresOn: "2027-01-01", quantity: 1, supplier: "Wholesaler" }, "No such product in this clinic's register."],
      [c.pharmacist, removeStockAction, { productId: "no-such-product", batch: "T1", quantity: 1, kind: "DESTRUCTION", note: "Broken" }, "No such product in this clinic's register."],
      [c.pharmacist, stockCheckAction, { productId: "no-such-product", batch: "T1", counted: 1 }, "No such product in this clinic's register."],
      [c.pharmacist, destroyDoseLeftoverAction, { leftoverId: "no-such-leftover" }, "No such drawn dose awaiting destruction at this clinic."],
      [admin.actor, recordLicenceAction, { prescriberId: "no-such-user", siteId: c.siteId, number: "HO/1", validFrom: "2026-03-01", expiresOn: "2027-03-01" }, "Only a prescriber can hold a licence to prescribe diamorphine."],
      [admin.actor, revokeLicenceAction, { licenceId: "no-such-licence", reason: "Withdrawn" }, "No such licence record."],
    ] as const;
    for (const [actor, action, fields, error] of steps) {
      expect(await actingAs(actor, () => action(null, form({ ...fields, ...wrong })))).toMatchObject({ ok: false, code: "rule", error });
    }
    expect(verify).not.toHaveBeenCalled();
    expect(await db.prisma.witnessPinAttempt.count({ where: { email: c.witnessEmail } })).toBe(0);
  });
});

describe("who sets a witness PIN", () => {
  async function signedUp(c: Clinic) {
    const user = await db.prisma.user.create({
      data: { email: `own-${Date.now()}-${Math.random()}@clinic.test`, name: "Sam Okafor", role: "NURSE", siteId: c.siteId, passwordHash: await hashPassword("sams-own-password") },
    });
    return { actor: { userId: user.id, name: user.name, role: "NURSE", siteId: c.siteId } as Actor, email: user.email };
  }
  const setPin = (actor: Actor, fields: Record<string, string>) => actingAs(actor, () => setOwnWitnessPinAction(null, form({ currentPassword: "sams-own-password", ...fields })));

  it("an administrator creating an account sets no PIN, even if one is posted", async () => {
    const c = await clinic();
    const admin = await staff(c.siteId, "ADMIN", null);
    const email = `new-${Date.now()}@clinic.test`;
    const result = await actingAs(admin.actor, () =>
      createUserAction(null, form({ name: "New Nurse", email, role: "NURSE", siteId: c.siteId, temporaryPassword: "temporary-pass-1", witnessPin: "482913" })),
    );
    expect(result).toMatchObject({ ok: true });
    expect((await db.prisma.user.findUniqueOrThrow({ where: { email } })).witnessPinHash).toBeNull();
  });

  it("each member of staff sets their own PIN with their password; a short, trivial or mistyped one is refused", async () => {
    const c = await clinic();
    const sam = await signedUp(c);
    for (const [fields, field, message] of [
      [{ newPin: "1357", confirmPin: "1357" }, "newPin", "Use at least 6 digits."],
      [{ newPin: "123456", confirmPin: "123456" }, "newPin", "A run of digits is guessed first: choose another PIN."],
      [{ newPin: "111111", confirmPin: "111111" }, "newPin", "A repeated digit or pattern is guessed first: choose another PIN."],
      [{ newPin: "482913", confirmPin: "482931" }, "confirmPin", "The two PINs differ."],
    ] as const) {
      expect(await setPin(sam.actor, fields)).toMatchObject({ ok: false, code: "invalid", fieldErrors: { [field]: message } });
    }
    expect(await setPin(sam.actor, { currentPassword: "not-my-password", newPin: "482913", confirmPin: "482913" })).toMatchObject({
      ok: false,
      code: "rule",
      fieldErrors: { currentPassword: "Not right." },
    });
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: sam.actor.userId } })).witnessPinHash).toBeNull();

    expect(await setPin(sam.actor, { newPin: "482913", confirmPin: "482913" })).toMatchObject({ ok: true });
    const { draw } = await readyToDraw(c);
    expect(await draw({ witnessEmail: sam.email, witnessPin: "482913" })).toMatchObject({ ok: true });
    expect(await db.prisma.auditEvent.findMany({ where: { entityId: sam.actor.userId, action: "user.setWitnessPin" } })).toMatchObject([{ actorId: sam.actor.userId, summary: { first: true } }]);
  });

  it("an administrator can only reset a PIN: it stops working until its owner sets a new one", async () => {
    const c = await clinic();
    const admin = await staff(c.siteId, "ADMIN", null);
    const sam = await signedUp(c);
    await setPin(sam.actor, { newPin: "482913", confirmPin: "482913" });

    expect(await actingAs(admin.actor, () => resetWitnessPinAction(null, form({ userId: sam.actor.userId, witnessPin: "555123" })))).toMatchObject({ ok: true });
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: sam.actor.userId } })).witnessPinHash).toBeNull();
    expect(await db.prisma.auditEvent.findMany({ where: { entityId: sam.actor.userId, action: "user.resetWitnessPin" } })).toMatchObject([{ actorId: admin.actor.userId, summary: { hadPin: true } }]);
    const first = await readyToDraw(c);
    expect(await first.draw({ witnessEmail: sam.email, witnessPin: "482913" })).toMatchObject({ ok: false, code: "rule" });

    expect(await setPin(sam.actor, { newPin: "730418", confirmPin: "730418" })).toMatchObject({ ok: true });
    expect(await first.draw({ witnessEmail: sam.email, witnessPin: "730418" })).toMatchObject({ ok: true });
  });
});
