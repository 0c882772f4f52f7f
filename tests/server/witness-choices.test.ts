import { hash } from "@node-rs/bcrypt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "@/generated/prisma/client";
import { WITNESS_RECENT_SIGN_IN_HOURS } from "@/domain/witness-choices";
import { DOSE_WITNESS } from "@/server/dose-sessions";
import { REMOVAL_WITNESS, STOCK_CHECK_WITNESS } from "@/server/register";
import { signIn } from "@/server/sign-in";
import { witnessChoicesFor } from "@/server/witness-choices";
import { freshDatabase, type TestDatabase } from "../support/database";
import { doseClinic, type Clinic } from "../support/dose-clinic";
import { makeSite } from "../support/fixtures";

/**
 * Issue 18, finding 1: the witness's full email was typed on every dose, receipt and
 * destruction. The picker offers the colleagues who signed in at this clinic within the last
 * hours, in a role allowed to witness the step, and chooses the last witness already.
 */

let db: TestDatabase;
const clinics = doseClinic(() => db);

beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(async () => {
  await db.close();
});

const PASSWORD = "a long test password for signing in";

/** A colleague at the site with a password, and a sign-in through the real service (which audits it) unless `signedIn` says otherwise. */
async function colleague(siteId: string, name: string, role: Role, signedIn: "now" | "long ago" | "never" = "now") {
  const user = await db.prisma.user.create({
    data: { email: `${name.toLowerCase().replaceAll(" ", ".")}@clinic.test`, name, role, siteId, passwordHash: await hash(PASSWORD, { cost: 4 }), witnessPinHash: await hash("482913", { cost: 4 }) },
  });
  if (signedIn === "now") expect(await signIn(db.prisma, { email: user.email, password: PASSWORD, ip: "192.0.2.1" })).toMatchObject({ ok: true });
  if (signedIn === "long ago") {
    const at = new Date(Date.now() - (WITNESS_RECENT_SIGN_IN_HOURS + 1) * 3_600_000);
    await db.prisma.auditEvent.create({ data: { at, actorId: user.id, actorRole: role, siteId, action: "auth.signIn", entity: "User", entityId: user.id } });
  }
  return user;
}

const names = (list: { name: string }[]) => list.map((c) => c.name);

describe("the witnesses offered to a nurse", () => {
  let c: Clinic;
  beforeAll(async () => {
    c = await clinics.clinic();
    await colleague(c.siteId, "Tom Reilly", "NURSE");
    await colleague(c.siteId, "Amina Okafor", "PRESCRIBER");
    await colleague(c.siteId, "Priya Desai", "PHARMACIST");
    await colleague(c.siteId, "Alex Admin", "ADMIN");
    await colleague(c.siteId, "Yesterday Nurse", "NURSE", "long ago");
    await colleague(c.siteId, "Absent Nurse", "NURSE", "never");
    const left = await colleague(c.siteId, "Left Nurse", "NURSE");
    await db.prisma.user.update({ where: { id: left.id }, data: { disabledAt: new Date() } });
    // Signed in here, then moved to another clinic: no longer at this one.
    const moved = await colleague(c.siteId, "Moved Nurse", "NURSE");
    const elsewhere = await makeSite(db.prisma);
    await db.prisma.user.update({ where: { id: moved.id }, data: { siteId: elsewhere.id } });
    await colleague(elsewhere.id, "Other Site Nurse", "NURSE");
    // The nurse herself signed in too.
    await db.prisma.user.update({ where: { id: c.nurse.userId }, data: { passwordHash: await hash(PASSWORD, { cost: 4 }) } });
    const nurse = await db.prisma.user.findUniqueOrThrow({ where: { id: c.nurse.userId } });
    expect(await signIn(db.prisma, { email: nurse.email, password: PASSWORD, ip: "192.0.2.1" })).toMatchObject({ ok: true });
  });

  it("lists, for a dose, only the nurses and prescribers at this clinic who signed in within the hours, by name, never the nurse herself", async () => {
    const choices = await witnessChoicesFor(db.prisma, c.nurse, DOSE_WITNESS);
    expect(names(choices.recent)).toEqual(["Amina Okafor", "Tom Reilly"]);
    expect(choices.recent.map((w) => w.role)).toEqual(["Prescriber", "Nurse"]);
    // Found by typing: everyone allowed at this clinic, whenever they last signed in.
    expect(names(choices.everyone)).toEqual(["Absent Nurse", "Amina Okafor", expect.stringMatching(/^NURSE \d+$/), expect.stringMatching(/^PRESCRIBER \d+$/), "Tom Reilly", "Yesterday Nurse"]);
    expect(names(choices.everyone)).not.toContain(c.nurse.name);
    expect(choices.chosenEmail).toBeNull();
  });

  it("follows each step's roles: the CD lead for a stock check, only authorised people (CD lead, prescriber) for destruction", async () => {
    expect(names((await witnessChoicesFor(db.prisma, c.nurse, STOCK_CHECK_WITNESS)).recent)).toEqual(["Amina Okafor", "Priya Desai", "Tom Reilly"]);
    expect(names((await witnessChoicesFor(db.prisma, c.pharmacist, REMOVAL_WITNESS)).recent)).toEqual(["Amina Okafor", "Priya Desai"]);
  });

  it("chooses the witness this nurse last had, once their PIN matched", async () => {
    const tom = await db.prisma.user.findUniqueOrThrow({ where: { email: "tom.reilly@clinic.test" } });
    const { participantId } = await clinics.participant(c);
    const id = await clinics.assessed(c, participantId, clinics.at("09:00"));
    await clinics.draw(c, id, clinics.at("09:05"), { witnessEmail: tom.email, witnessPin: "482913" });
    expect((await witnessChoicesFor(db.prisma, c.nurse, DOSE_WITNESS)).chosenEmail).toBe(tom.email);
    // Not for destruction, which Tom may not witness; nor for another nurse.
    expect((await witnessChoicesFor(db.prisma, c.nurse, REMOVAL_WITNESS)).chosenEmail).toBeNull();
    expect((await witnessChoicesFor(db.prisma, { ...c.prescriber }, DOSE_WITNESS)).chosenEmail).toBeNull();
  });

  it("changes nothing about who may witness: a colleague at another clinic, sent as the picker sends a witness, is refused", async () => {
    const { participantId } = await clinics.participant(c);
    const id = await clinics.assessed(c, participantId, clinics.at("09:10"));
    await clinics.refusedAndUnchanged(id, () => clinics.draw(c, id, clinics.at("09:15"), { witnessEmail: "other.site.nurse@clinic.test", witnessPin: "482913" }), "witness.notConfirmed");
    await clinics.refusedAndUnchanged(id, () => clinics.draw(c, id, clinics.at("09:15"), { witnessEmail: "priya.desai@clinic.test", witnessPin: "482913" }), "witness.role");
  });
});
