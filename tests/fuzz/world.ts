import { hash as bcryptHash } from "@node-rs/bcrypt";
import type { PrismaClient, Role } from "@/generated/prisma/client";
import type { Actor } from "@/auth/actor";
import { addLocalDays, clinicDate, clinicInstant, localDateToDb } from "@/domain/clinic-time";
import { NO_REVIEW_DUE, licensePrescriber, makeEnrolledParticipant, makeSite, makeUser } from "../support/fixtures";

/**
 * A small clinic for the fuzz to aim at: staff of every role, two witnesses with PINs, an
 * enrolled participant with a prescription, a hold and two dose sessions, a referred one
 * awaiting assessment, a register with stock, and a funding line. Real ids let a payload
 * be wrong in exactly one place.
 */
export type World = Awaited<ReturnType<typeof buildWorld>>;

export const PASSWORD = "correct horse battery";
export const WITNESS_NURSE = { email: "witness.nurse@fuzz.example", pin: "246813" };
export const WITNESS_PRESCRIBER = { email: "witness.prescriber@fuzz.example", pin: "357924" };
export const REAL_BATCH = "B-100-1";
export const FUNDING = { financialYear: 2025, kind: "FUNDING", source: "Council grant" } as const;

export async function buildWorld(prisma: PrismaClient) {
  // Cost 4 keeps each witness check to a millisecond; the application's cost (12) is not what is under test here.
  const hash = (secret: string) => bcryptHash(secret, { cost: 4 });
  const site = await makeSite(prisma);
  const otherSite = await makeSite(prisma);

  const staff = async (role: Role, email?: string, pinCode?: string) => {
    const user = await makeUser(prisma, site.id, role, email);
    return prisma.user.update({
      where: { id: user.id },
      data: { passwordHash: await hash(PASSWORD), witnessPinHash: pinCode ? await hash(pinCode) : null },
    });
  };
  const users = {
    ADMIN: await staff("ADMIN"),
    PRESCRIBER: await staff("PRESCRIBER"),
    NURSE: await staff("NURSE"),
    PHARMACIST: await staff("PHARMACIST"),
    BOARD: await staff("BOARD"),
  } satisfies Record<Role, unknown>;
  const witnessNurse = await staff("NURSE", WITNESS_NURSE.email, WITNESS_NURSE.pin);
  const witnessPrescriber = await staff("PRESCRIBER", WITNESS_PRESCRIBER.email, WITNESS_PRESCRIBER.pin);
  const colleague = await staff("NURSE");
  const disabled = await prisma.user.update({ where: { id: (await staff("NURSE")).id }, data: { disabledAt: new Date() } });
  const actors = Object.fromEntries(
    Object.entries(users).map(([role, user]) => [role, { userId: user.id, name: user.name, role: role as Role, siteId: site.id } satisfies Actor]),
  ) as Record<Role, Actor>;

  const prescriber = users.PRESCRIBER;
  // Licensed here, so that prescribing payloads reach the rest of the service (issue 15).
  const licence = await licensePrescriber(prisma, prescriber.id, site.id);
  const { participant: enrolled, episode } = await makeEnrolledParticipant(prisma, site.id, prescriber.id, addLocalDays(clinicDate(new Date()), -60));
  const prescription = await prisma.prescription.create({
    data: {
      participantId: enrolled.id,
      episodeId: episode.id,
      version: 1,
      amDoseMg: 100,
      pmDoseMg: 100,
      startsAt: clinicInstant(addLocalDays(clinicDate(new Date()), -59), "08:00"),
      reason: "Titrated",
      prescriberId: prescriber.id,
      reviewBy: NO_REVIEW_DUE,
    },
  });
  const hold = await prisma.hold.create({
    data: { participantId: enrolled.id, episodeId: episode.id, kind: "SOFT", source: "MANUAL", reason: "Review the dose", placedById: prescriber.id },
  });
  const session = (daysAgo: number, stage: "CHECKED_IN" | "CLOSED") =>
    prisma.doseSession.create({
      data: {
        siteId: site.id,
        participantId: enrolled.id,
        episodeId: episode.id,
        sessionDate: localDateToDb(addLocalDays(clinicDate(new Date()), -daysAgo)),
        slot: "AM",
        stage,
        outcome: stage === "CLOSED" ? "MISSED" : null,
      },
    });
  const openSession = await session(1, "CHECKED_IN");
  const closedSession = await session(2, "CLOSED");

  const referred = await prisma.participant.create({
    data: {
      siteId: site.id,
      reference: "FZ-0002",
      identity: { create: { givenName: "Referred", familyName: "Person", dateOfBirth: localDateToDb("1985-06-15") } },
    },
  });
  const referral = await prisma.referral.create({
    data: { siteId: site.id, participantId: referred.id, referredOn: localDateToDb(addLocalDays(clinicDate(new Date()), -90)), agency: "PROBATION", reason: "Daily injecting", recordedById: prescriber.id },
  });

  const product = await prisma.drugProduct.create({
    data: { siteId: site.id, name: "Diamorphine hydrochloride", strengthMg: 100, form: "ampoule (powder for reconstitution)" },
  });
  const receipt = await prisma.controlledDrugEntry.create({
    data: {
      siteId: site.id,
      productId: product.id,
      kind: "RECEIPT",
      occurredAt: clinicInstant(addLocalDays(clinicDate(new Date()), -3), "09:00"),
      batch: REAL_BATCH,
      expiresOn: localDateToDb(addLocalDays(clinicDate(new Date()), 300)),
      quantity: 50,
      supplier: "Wholesaler",
      madeById: users.PHARMACIST.id,
      witnessId: witnessPrescriber.id,
    },
  });
  const fundingLine = await prisma.fundingLine.create({ data: { siteId: site.id, ...FUNDING, amountPence: 4_500_000 } });

  const ids = {
    site: site.id,
    otherSite: otherSite.id,
    colleague: colleague.id,
    disabled: disabled.id,
    witnessNurse: witnessNurse.id,
    enrolled: enrolled.id,
    episode: episode.id,
    prescription: prescription.id,
    hold: hold.id,
    openSession: openSession.id,
    closedSession: closedSession.id,
    referred: referred.id,
    referral: referral.id,
    product: product.id,
    receipt: receipt.id,
    fundingLine: fundingLine.id,
    licence: licence.id,
    witnessPrescriber: witnessPrescriber.id,
  };
  const emails = [...Object.values(users), witnessNurse, witnessPrescriber, colleague, disabled].map((u) => u.email);
  const everyId = [...Object.values(ids), ...Object.values(users).map((u) => u.id), witnessPrescriber.id];
  return { actors, users, ids, emails, everyId, enrolledReference: enrolled.reference };
}
