import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { form, signedInAs, useTestDatabase } from "../support/actions";
import type { Actor } from "@/auth/actor";
import { recordOffenceAction, recordTopAssessmentAction, recordUrineScreenAction } from "@app/(staff)/participants/[id]/evidence/actions";
import { addLocalDays, clinicDate } from "@/domain/clinic-time";
import { TOP_FIELDS } from "@/domain/top";
import { SUBSTANCES } from "@/domain/urine";
import { participantEvidence } from "@/server/evidence-views";
import { topDueList } from "@/server/top-assessments";
import { freshDatabase, type TestDatabase } from "../support/database";
import { makeEnrolledParticipant, makeSite, makeUser } from "../support/fixtures";

let db: TestDatabase;
let nurse: Actor;
let admin: Actor;
let otherSiteNurse: Actor;
let participantId: string;
const today = clinicDate(new Date());

beforeAll(async () => {
  db = await freshDatabase();
  useTestDatabase(db);
  const site = await makeSite(db.prisma);
  const other = await makeSite(db.prisma);
  const n = await makeUser(db.prisma, site.id, "NURSE");
  const a = await makeUser(db.prisma, site.id, "ADMIN");
  const o = await makeUser(db.prisma, other.id, "NURSE");
  nurse = { userId: n.id, name: n.name, role: "NURSE", siteId: site.id };
  admin = { userId: a.id, name: a.name, role: "ADMIN", siteId: site.id };
  otherSiteNurse = { userId: o.id, name: o.name, role: "NURSE", siteId: other.id };
  participantId = (await makeEnrolledParticipant(db.prisma, site.id, n.id, addLocalDays(today, -200))).participant.id;
});
afterAll(() => db?.close());

const allNegative = Object.fromEntries(SUBSTANCES.map((s) => [`results.${s}`, "NEGATIVE"]));
const screenForm = (fields: Record<string, string> = {}) =>
  form({ participantId, collectedOn: today, sampleType: "URINE", supervised: "yes", ...allNegative, ...fields });
const noAnswers = Object.fromEntries(TOP_FIELDS.map((f) => [f.name, f.kind === "yesNo" ? "no" : "0"]));
const topForm = (fields: Record<string, string> = {}) => form({ participantId, assessedOn: today, stage: "REVIEW", ...noAnswers, ...fields });

describe("urine screens", () => {
  it("records a nurse's screen with a result for every substance, and audits it", async () => {
    signedInAs.actor = nurse;
    const result = await recordUrineScreenAction(null, screenForm({ "results.MORPHINE_6MAM": "POSITIVE", "results.COCAINE": "POSITIVE" }));
    expect(result).toMatchObject({ ok: true });
    const screen = await db.prisma.urineScreen.findFirstOrThrow({ where: { participantId }, include: { results: true } });
    expect(screen).toMatchObject({ supervised: true, source: "MANUAL", recordedById: nurse.userId });
    expect(screen.results).toHaveLength(SUBSTANCES.length);
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { entityId: screen.id } });
    expect(audit).toMatchObject({ action: "urineScreen.record", summary: { streetHeroin: false, positives: ["MORPHINE_6MAM", "COCAINE"] } });
  });

  it("keeps a 6-MAM positive apart from street heroin, which only its markers show", async () => {
    await recordUrineScreenAction(null, screenForm({ "results.MORPHINE_6MAM": "POSITIVE", "results.PAPAVERINE": "POSITIVE" }));
    const evidence = await participantEvidence(db.prisma, nurse.siteId, participantId, today);
    expect(evidence!.screens.map((s) => s.streetHeroin).sort()).toEqual(["NEGATIVE", "POSITIVE"]);
  });

  it("refuses a screen with a substance left blank, naming it, and writes nothing", async () => {
    const before = await db.prisma.urineScreen.count();
    const result = await recordUrineScreenAction(null, screenForm({ "results.NOSCAPINE": "" }));
    expect(result).toMatchObject({ ok: false, code: "invalid", fieldErrors: { "results.NOSCAPINE": "Choose positive or negative." } });
    expect(await db.prisma.urineScreen.count()).toBe(before);
  });

  it("refuses a collection date in the future", async () => {
    const result = await recordUrineScreenAction(null, screenForm({ collectedOn: addLocalDays(today, 1) }));
    expect(result).toMatchObject({ ok: false, fieldErrors: { collectedOn: expect.stringMatching(/future/) } });
  });

  it("does not let an administrator record a screen", async () => {
    signedInAs.actor = admin;
    expect(await recordUrineScreenAction(null, screenForm())).toMatchObject({ ok: false, code: "forbidden" });
    signedInAs.actor = nurse;
  });

  it("does not find a participant of another clinic", async () => {
    signedInAs.actor = otherSiteNurse;
    expect(await recordUrineScreenAction(null, screenForm())).toMatchObject({ ok: false, code: "rule", error: "No such participant at this clinic." });
    signedInAs.actor = nurse;
  });
});

describe("TOP assessments", () => {
  it("refuses an answer out of range, naming the field, and writes nothing", async () => {
    const result = await recordTopAssessmentAction(null, topForm({ opiateDays: "29", psychologicalHealth: "21" }));
    expect(result).toMatchObject({
      ok: false,
      code: "invalid",
      fieldErrors: { opiateDays: expect.stringMatching(/at most 28/), psychologicalHealth: expect.stringMatching(/at most 20/) },
    });
    expect(await db.prisma.topAssessment.count()).toBe(0);
  });

  it("refuses answers that contradict each other", async () => {
    const result = await recordTopAssessmentAction(null, topForm({ alcoholUnitsPerDay: "6" }));
    expect(result).toMatchObject({ ok: false, fieldErrors: { alcoholUnitsPerDay: expect.stringMatching(/No drinking days/) } });
  });

  it("records a Start TOP, then reports the review as due in six months", async () => {
    const startedOn = addLocalDays(today, -190);
    expect(await recordTopAssessmentAction(null, topForm({ stage: "START", assessedOn: startedOn, opiateDays: "28", injectedDays: "26", sharedNeedles: "yes" }))).toMatchObject({ ok: true });
    const stored = await db.prisma.topAssessment.findFirstOrThrow({ where: { participantId } });
    expect(stored).toMatchObject({ stage: "START", opiateDays: 28, injectedDays: 26, sharedNeedles: true, recordedById: nurse.userId });
    const due = await topDueList(db.prisma, nurse.siteId, today);
    expect(due).toMatchObject({ reviewMonths: 6, rows: [{ participantId, stage: "REVIEW", status: "due" }] });
  });

  it("records the review, after which nothing is due", async () => {
    expect(await recordTopAssessmentAction(null, topForm({ opiateDays: "2", psychologicalHealth: "14" }))).toMatchObject({ ok: true });
    expect((await topDueList(db.prisma, nurse.siteId, today)).rows).toEqual([]);
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "top.record", participantId }, orderBy: { id: "desc" } });
    expect(audit.summary).toEqual({ stage: "REVIEW", assessedOn: today });
  });

  it("refuses a second TOP of the same stage on the same day", async () => {
    expect(await recordTopAssessmentAction(null, topForm())).toMatchObject({ ok: false, code: "rule", fieldErrors: { assessedOn: expect.any(String) } });
    expect(await db.prisma.topAssessment.count({ where: { participantId } })).toBe(2);
  });
});

describe("offences entered by hand", () => {
  const offenceForm = (fields: Record<string, string> = {}) =>
    form({ participantId, offenceDate: addLocalDays(today, -300), offenceType: "Theft  from person", severityScore: "20", ...fields });

  it("records an offence, single-spacing the type as imports do", async () => {
    expect(await recordOffenceAction(null, offenceForm())).toMatchObject({ ok: true });
    expect(await db.prisma.offence.findFirstOrThrow({ where: { participantId } })).toMatchObject({ offenceType: "Theft from person", severityScore: 20, source: "MANUAL" });
  });

  it("refuses the same offence twice", async () => {
    expect(await recordOffenceAction(null, offenceForm())).toMatchObject({ ok: false, code: "rule", error: expect.stringMatching(/already recorded/) });
  });

  it.each([
    ["a negative severity", { severityScore: "-1" }, "severityScore"],
    ["a fractional severity", { severityScore: "1.5" }, "severityScore"],
    ["a missing offence type", { offenceType: "" }, "offenceType"],
    ["a future date", { offenceDate: addLocalDays(today, 1) }, "offenceDate"],
  ])("refuses %s", async (_name, fields, field) => {
    const result = await recordOffenceAction(null, offenceForm(fields));
    expect(result).toMatchObject({ ok: false, code: "invalid", fieldErrors: { [field]: expect.any(String) } });
  });

  it("shows offences against the treatment episode", async () => {
    await recordOffenceAction(null, offenceForm({ offenceDate: addLocalDays(today, -5), offenceType: "Shoplifting", severityScore: "3" }));
    const evidence = await participantEvidence(db.prisma, nurse.siteId, participantId, today);
    expect(evidence!.offences.map((o) => o.period)).toEqual(["onProgramme", "beforeEntry"]);
  });
});
