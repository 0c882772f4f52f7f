import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { form, signedInAs, useTestDatabase } from "../support/actions";
import type { Actor } from "@/auth/actor";
import type { Role } from "@/generated/prisma/enums";
import { enrolParticipantAction, replacePhotoAction } from "@app/(staff)/participants/actions";
import { GET } from "@app/api/participants/[id]/photo/route";
import { MAX_PHOTO_BYTES, PHOTO_EMPTY, PHOTO_NOT_AN_IMAGE, PHOTO_TOO_LARGE } from "@/domain/identity-check";
import { AssessInput, ReferNewInput } from "@/server/participants.input";
import { recordAssessment, referNewParticipant } from "@/server/participants";
import { latestPhotoIds } from "@/server/participant-photos";
import { freshDatabase, type TestDatabase } from "../support/database";
import { makeEnrolledParticipant, makeSite, makeUser } from "../support/fixtures";

let db: TestDatabase;
const staff = {} as Record<Role, Actor>;
let elsewhere: Actor;
let participantId: string;
let otherSiteParticipantId: string;

/** A file as a browser posts it: the bytes given, then zeros up to the size. */
function photo(head: number[], size = 2048, name = "photo.jpg", type = "image/jpeg"): File {
  const bytes = new Uint8Array(size);
  bytes.set(head.slice(0, size));
  return new File([bytes], name, { type });
}
const JPEG = [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function upload(participant: string, file: File): FormData {
  const data = form({ participantId: participant });
  data.set("photo", file);
  return data;
}

const photoRequest = (id: string) => GET(new Request(`http://clinic.test/api/participants/${id}/photo`), { params: Promise.resolve({ id }) });

async function writes() {
  const [photos, audits] = await Promise.all([db.prisma.participantPhoto.count(), db.prisma.auditEvent.count({ where: { action: "participant.photo" } })]);
  return { photos, audits };
}

beforeAll(async () => {
  db = await freshDatabase();
  useTestDatabase(db);
  const site = await makeSite(db.prisma);
  const other = await makeSite(db.prisma);
  for (const role of ["NURSE", "PRESCRIBER", "PHARMACIST", "BOARD", "ADMIN"] as const) {
    const user = await makeUser(db.prisma, site.id, role);
    staff[role] = { userId: user.id, name: user.name, role, siteId: site.id };
  }
  const otherNurse = await makeUser(db.prisma, other.id, "NURSE");
  elsewhere = { userId: otherNurse.id, name: otherNurse.name, role: "NURSE", siteId: other.id };
  participantId = (await makeEnrolledParticipant(db.prisma, site.id, staff.PRESCRIBER.userId)).participant.id;
  otherSiteParticipantId = (await makeEnrolledParticipant(db.prisma, other.id, otherNurse.id)).participant.id;
});
afterAll(() => db?.close());

describe("adding a photo for the identity check", () => {
  it("stores a JPEG with its type, audits the upload (type and size, never the image), and shows it on the Today card", async () => {
    signedInAs.actor = staff.PRESCRIBER;
    const before = await writes();
    const result = await replacePhotoAction(null, upload(participantId, photo(JPEG)));
    expect(result).toMatchObject({ ok: true });
    expect(await writes()).toEqual({ photos: before.photos + 1, audits: before.audits + 1 });
    const stored = await db.prisma.participantPhoto.findFirstOrThrow({ where: { participantId }, orderBy: { createdAt: "desc" } });
    expect(stored).toMatchObject({ contentType: "image/jpeg", takenById: staff.PRESCRIBER.userId });
    expect(stored.bytes.length).toBe(2048);
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "participant.photo", entityId: stored.id } });
    expect(event).toMatchObject({ participantId, actorId: staff.PRESCRIBER.userId, summary: { contentType: "image/jpeg", bytes: 2048 } });
    // The newest is the one a card shows (its id is in the image's address).
    expect((await latestPhotoIds(db.prisma, [participantId])).get(participantId)).toBe(stored.id);
  });

  it.each([
    ["an empty file", photo([], 0, "empty.jpg"), PHOTO_EMPTY],
    ["a GIF", photo([0x47, 0x49, 0x46, 0x38, 0x39, 0x61], 2048, "photo.gif", "image/gif"), PHOTO_NOT_AN_IMAGE],
    ["a web page named .jpg and claiming to be a JPEG", new File(["<html><script>alert(1)</script></html>"], "photo.jpg", { type: "image/jpeg" }), PHOTO_NOT_AN_IMAGE],
    ["an SVG", new File(['<svg xmlns="http://www.w3.org/2000/svg"/>'], "photo.svg", { type: "image/svg+xml" }), PHOTO_NOT_AN_IMAGE],
    ["a JPEG one byte over the limit", photo(JPEG, MAX_PHOTO_BYTES + 1), PHOTO_TOO_LARGE],
  ])("refuses %s with a clear message on the field, and stores nothing", async (_, file, message) => {
    signedInAs.actor = staff.PRESCRIBER;
    const before = await writes();
    const result = await replacePhotoAction(null, upload(participantId, file));
    expect(result).toMatchObject({ ok: false, error: message, fieldErrors: { photo: message } });
    expect(await writes()).toEqual(before);
  });

  it("accepts a PNG, and a JPEG at the size limit", async () => {
    signedInAs.actor = staff.PRESCRIBER;
    expect(await replacePhotoAction(null, upload(participantId, photo(PNG)))).toMatchObject({ ok: true });
    expect(await replacePhotoAction(null, upload(participantId, photo(JPEG, MAX_PHOTO_BYTES)))).toMatchObject({ ok: true });
  });

  it("refuses a form without a photo, a participant at another clinic, and a nurse", async () => {
    signedInAs.actor = staff.PRESCRIBER;
    const before = await writes();
    expect(await replacePhotoAction(null, form({ participantId }))).toMatchObject({ ok: false, code: "invalid", fieldErrors: { photo: "Choose a photo." } });
    expect(await replacePhotoAction(null, upload(otherSiteParticipantId, photo(JPEG)))).toMatchObject({ ok: false, code: "rule", error: "No such participant at this clinic." });
    signedInAs.actor = staff.NURSE;
    expect(await replacePhotoAction(null, upload(participantId, photo(JPEG)))).toMatchObject({ ok: false, code: "forbidden" });
    expect(await writes()).toEqual(before);
  });

  it("keeps every photo: the table refuses a change or a removal", async () => {
    const [first] = await db.prisma.participantPhoto.findMany({ where: { participantId }, take: 1 });
    await expect(db.sql(`UPDATE "ParticipantPhoto" SET "contentType" = 'image/png' WHERE id = $1`, [first!.id])).rejects.toThrow(/append-only|not allowed/i);
    await expect(db.sql(`DELETE FROM "ParticipantPhoto" WHERE id = $1`, [first!.id])).rejects.toThrow(/append-only|not allowed/i);
  });
});

describe("a photo taken at enrolment", () => {
  async function waitingParticipant(familyName: string) {
    const actor = staff.PRESCRIBER;
    const referred = await db.prisma.$transaction((tx) =>
      referNewParticipant(tx, actor, ReferNewInput.parse({ givenName: "Sam", familyName, dateOfBirth: "1980-05-01", referredOn: "2026-01-02", agency: "PROBATION", reason: "Oral treatment failed" })),
    );
    const referral = await db.prisma.referral.findFirstOrThrow({ where: { participantId: referred.id } });
    await db.prisma.$transaction((tx) =>
      recordAssessment(tx, actor, AssessInput.parse({ referralId: referral.id, assessedOn: "2026-01-05", yearsDependent: "12", failedTreatments: "3", failedTreatmentNotes: "Methadone twice", injectingDaysLast90: "80", outcome: "ACCEPTED" })),
    );
    return referred.id;
  }
  const enrolment = (id: string, file?: File) => {
    const data = form({ participantId: id, enrolledOn: "2026-01-06" });
    // A file field left empty is posted as a nameless, empty file.
    data.set("photo", file ?? new File([], "", { type: "application/octet-stream" }));
    return data;
  };

  // Through the running server, React appends the nameless part with an undefined name, which
  // Node's FormData spells "undefined"; the standard says "blob".
  it.each(["undefined", "blob"])("takes a file field left empty, as the running server hands it on (an empty file named %j), for no photo", async (name) => {
    signedInAs.actor = staff.PRESCRIBER;
    const id = await waitingParticipant(`Unchosen ${name}`);
    expect(await enrolParticipantAction(null, enrolment(id, new File([], name, { type: "application/octet-stream" })))).toMatchObject({ ok: true });
    expect(await db.prisma.participantPhoto.count({ where: { participantId: id } })).toBe(0);
  });

  it("is stored with the enrolment, and an enrolment without one is fine", async () => {
    signedInAs.actor = staff.PRESCRIBER;
    const withPhoto = await waitingParticipant("Photographed");
    const without = await waitingParticipant("Unphotographed");
    expect(await enrolParticipantAction(null, enrolment(withPhoto, photo(JPEG)))).toMatchObject({ ok: true });
    expect(await enrolParticipantAction(null, enrolment(without))).toMatchObject({ ok: true });
    expect(await db.prisma.participantPhoto.count({ where: { participantId: withPhoto } })).toBe(1);
    expect(await db.prisma.participantPhoto.count({ where: { participantId: without } })).toBe(0);
  });

  it("refuses the whole enrolment when the photo cannot be stored, saying why", async () => {
    signedInAs.actor = staff.PRESCRIBER;
    const id = await waitingParticipant("BadPhoto");
    const result = await enrolParticipantAction(null, enrolment(id, new File(["not an image"], "id.jpg", { type: "image/jpeg" })));
    expect(result).toMatchObject({ ok: false, fieldErrors: { photo: PHOTO_NOT_AN_IMAGE } });
    expect(await db.prisma.episode.count({ where: { participantId: id } })).toBe(0);
    expect(await db.prisma.participantPhoto.count({ where: { participantId: id } })).toBe(0);
  });
});

describe("who sees a photo", () => {
  it.each(["NURSE", "PRESCRIBER", "PHARMACIST"] as const)("sends the newest photo to a %s at the clinic, never to be cached", async (role) => {
    signedInAs.actor = staff[role];
    const newest = await db.prisma.participantPhoto.findFirstOrThrow({ where: { participantId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    const response = await photoRequest(participantId);
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    expect(response.headers.get("Content-Type")).toBe(newest.contentType);
    // Compared as buffers: an element-by-element comparison of 800 kB takes seconds.
    expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(newest.bytes))).toBe(true);
  });

  it.each(["BOARD", "ADMIN"] as const)("refuses a %s, and records the refusal", async (role) => {
    signedInAs.actor = staff[role];
    const before = await db.prisma.auditEvent.count({ where: { action: "access.refused", actorId: staff[role].userId } });
    expect((await photoRequest(participantId)).status).toBe(403);
    expect(await db.prisma.auditEvent.count({ where: { action: "access.refused", actorId: staff[role].userId } })).toBe(before + 1);
  });

  it("answers a nurse at another clinic as if there were no photo, and records the refusal", async () => {
    signedInAs.actor = elsewhere;
    const response = await photoRequest(participantId);
    expect(response.status).toBe(404);
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    expect(await db.prisma.auditEvent.count({ where: { action: "access.refused", actorId: elsewhere.userId } })).toBe(1);
  });

  it("answers 404 for someone without a photo, and 401 for the signed-out", async () => {
    signedInAs.actor = elsewhere;
    expect((await photoRequest(otherSiteParticipantId)).status).toBe(404);
    signedInAs.actor = null;
    expect((await photoRequest(participantId)).status).toBe(401);
  });
});
