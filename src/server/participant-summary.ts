import "server-only";
import type { Tx } from "@/db/client";
import { addLocalDays, clinicDate, dbDateToLocal, latestOpenedSession, localDateToDb, type LocalDate, type SessionWindows } from "@/domain/clinic-time";
import { DOSE_STRIP_DAYS, doseStrip, type DoseStripDay } from "@/domain/dose-strip";
import { reviewHold, reviewState, type ReviewState } from "@/domain/prescription-review";
import type { TopDue } from "@/domain/top-schedule";
import { streetHeroinStatus, type StreetHeroinStatus } from "@/domain/urine";
import type { DoseRoute, HoldKind, HoldSource, Substance } from "@/generated/prisma/client";
import { siteSettings } from "./settings";
import { participantTopDue } from "./top-assessments";

/**
 * What a clinician needs first on opening a person's record (identifiable: never for board
 * pages): the dose in force, the holds on the next dose, the last fortnight's doses, the last
 * screen and the next TOP.
 */
export type ParticipantSummary = {
  prescription: {
    version: number;
    amMg: number;
    pmMg: number;
    route: DoseRoute;
    prescriber: string;
    review: ReviewState;
  } | null;
  /** Holds placed and not cleared, and the prescription's own review hold when its date has passed (as the Today roster works it out). */
  holds: { id: string; kind: HoldKind; source: HoldSource | "PRESCRIPTION_REVIEW"; reason: string; placedAt: Date | null }[];
  strip: DoseStripDay[];
  lastScreen: { collectedOn: LocalDate; streetHeroin: StreetHeroinStatus; positives: Substance[] } | null;
  topDue: TopDue | null;
};

/** The last fortnight's doses of one person of the site (null: no such person there), for the profile and the prescriber's page. */
export async function participantDoseStrip(tx: Tx, siteId: string, participantId: string, now: Date, sessionWindows: SessionWindows): Promise<DoseStripDay[] | null> {
  const today = clinicDate(now);
  const firstDay = addLocalDays(today, 1 - DOSE_STRIP_DAYS);
  const participant = await tx.participant.findFirst({
    where: { id: participantId, siteId },
    select: {
      episodes: { orderBy: { enrolledOn: "asc" }, select: { enrolledOn: true, closedOn: true } },
      doseSessions: {
        where: { sessionDate: { gte: localDateToDb(firstDay), lte: localDateToDb(today) } },
        select: { sessionDate: true, slot: true, outcome: true, givenMg: true },
      },
    },
  });
  if (!participant) return null;
  return doseStrip({
    sessions: participant.doseSessions.map((s) => ({ date: dbDateToLocal(s.sessionDate), slot: s.slot, outcome: s.outcome, givenMg: s.givenMg })),
    spans: participant.episodes.map((e) => ({ from: dbDateToLocal(e.enrolledOn), until: e.closedOn ? dbDateToLocal(e.closedOn) : null })),
    today,
    latestOpened: latestOpenedSession(now, sessionWindows),
  });
}

export async function participantSummary(tx: Tx, siteId: string, participantId: string, now: Date = new Date()): Promise<ParticipantSummary | null> {
  const settings = await siteSettings(tx, siteId);
  const strip = await participantDoseStrip(tx, siteId, participantId, now, settings.sessionWindows);
  if (!strip) return null;
  const today = clinicDate(now);
  const [openEpisode, lastScreen, topDue] = await Promise.all([
    tx.episode.findFirst({ where: { participantId, closedOn: null }, orderBy: { createdAt: "desc" }, select: { id: true } }),
    tx.urineScreen.findFirst({ where: { participantId }, orderBy: [{ collectedOn: "desc" }, { createdAt: "desc" }], select: { collectedOn: true, results: true } }),
    participantTopDue(tx, siteId, participantId, today),
  ]);
  const [inForce, holds] = openEpisode
    ? await Promise.all([
        tx.prescription.findFirst({
          where: { episodeId: openEpisode.id, startsAt: { lte: now } },
          orderBy: { version: "desc" },
          include: { prescriber: { select: { name: true } } },
        }),
        tx.hold.findMany({ where: { episodeId: openEpisode.id, clearance: { is: null } }, orderBy: { placedAt: "asc" } }),
      ])
    : [null, []];
  const review = inForce ? reviewState(dbDateToLocal(inForce.reviewBy), today, settings.prescriptionReview) : null;
  const overdue = review ? reviewHold(review) : null;

  return {
    prescription:
      inForce && review
        ? { version: inForce.version, amMg: inForce.amDoseMg, pmMg: inForce.pmDoseMg, route: inForce.route, prescriber: inForce.prescriber.name, review }
        : null,
    holds: [
      ...holds.map((h) => ({ id: h.id, kind: h.kind, source: h.source, reason: h.reason, placedAt: h.placedAt })),
      ...(overdue && inForce ? [{ id: `review-${inForce.id}`, source: "PRESCRIPTION_REVIEW" as const, placedAt: null, ...overdue }] : []),
    ],
    strip,
    lastScreen: lastScreen
      ? {
          collectedOn: dbDateToLocal(lastScreen.collectedOn),
          streetHeroin: streetHeroinStatus(lastScreen.results),
          positives: lastScreen.results.filter((r) => r.result === "POSITIVE").map((r) => r.substance),
        }
      : null,
    topDue,
  };
}
