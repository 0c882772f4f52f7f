import type { PrismaClient, Role } from "@/generated/prisma/client";
import { clinicInstant, localDateToDb } from "@/domain/clinic-time";

let counter = 0;
const next = () => ++counter;

/** Minimal rows for integration tests. Password hashes are placeholders: tests that sign in hash their own. */
export async function makeSite(prisma: PrismaClient, code = `S${next()}`) {
  return prisma.site.create({ data: { code, name: `Test clinic ${code}` } });
}

export async function makeUser(prisma: PrismaClient, siteId: string, role: Role, email = `${role.toLowerCase()}${next()}@test.example`) {
  return prisma.user.create({ data: { email, name: `${role} ${counter}`, role, siteId, passwordHash: "not-a-real-hash" } });
}

/**
 * A review-by date beyond every test's clock, for prescriptions whose review is not what the
 * test is about; the review tests (prescription-review.test.ts) set their own dates.
 */
export const NO_REVIEW_DUE = localDateToDb("2099-12-31");

/** An enrolled participant past titration (stable since enrolment): only the titration tests start one titrating. */
export async function makeEnrolledParticipant(prisma: PrismaClient, siteId: string, enrolledById: string, enrolledOn = "2026-01-05") {
  const reference = `T-${String(next()).padStart(4, "0")}`;
  const participant = await prisma.participant.create({
    data: {
      siteId,
      reference,
      identity: { create: { givenName: "Test", familyName: `Person${counter}`, dateOfBirth: localDateToDb("1980-01-01") } },
    },
  });
  const episode = await prisma.episode.create({
    data: { siteId, participantId: participant.id, enrolledOn: localDateToDb(enrolledOn), enrolledById, titrationFrom: clinicInstant(enrolledOn, "07:00"), stableFrom: clinicInstant(enrolledOn, "07:00") },
  });
  return { participant, episode };
}

/**
 * A Home Office licence for a prescriber at a site (every prescribing act needs one): by
 * default valid from 2000 to 2099, so tests dated anywhere in between prescribe freely.
 * Recorded and confirmed by the holder only because a fixture has no colleagues; the
 * service (`recordLicence`) never allows that.
 */
export async function licensePrescriber(
  prisma: PrismaClient,
  prescriberId: string,
  siteId: string,
  { validFrom = "2000-01-01", expiresOn = "2099-12-31", number = `HO-${next()}` }: { validFrom?: string; expiresOn?: string; number?: string } = {},
) {
  return prisma.prescriberLicence.create({
    data: { prescriberId, siteId, number, validFrom: localDateToDb(validFrom), expiresOn: localDateToDb(expiresOn), recordedById: prescriberId, confirmedById: prescriberId },
  });
}
