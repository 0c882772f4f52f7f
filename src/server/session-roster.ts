import "server-only";
import type { DoseRoute, HoldKind, HoldSource, OralDrug } from "@/generated/prisma/client";
import type { Tx } from "@/db/client";
import { dbDateToLocal, localDateToDb, type LocalDate, type SessionKey } from "@/domain/clinic-time";
import { BREAK_REASON_LABEL } from "@/domain/labels";
import { reviewHold, reviewState } from "@/domain/prescription-review";
import { isTitrating } from "@/domain/titration";
import type { ClinicSettings } from "@/domain/settings";

/**
 * A hold on the next dose: one a person or the missed-dose rules placed (a Hold row), or
 * the prescription's own review date having passed ("PRESCRIPTION_REVIEW", worked out from
 * the prescription in force, and lifted by writing a new one).
 */
export type RosterHold = { id: string; kind: HoldKind; source: HoldSource | "PRESCRIPTION_REVIEW"; reason: string };

export type RosterEntry = {
  participantId: string;
  episodeId: string;
  reference: string;
  name: string;
  /** For the identity check before a dose. */
  dateOfBirth: LocalDate | null;
  /** Titrating (src/domain/titration.ts): any missed session puts a hard hold. */
  titrating: boolean;
  /** The version in force for this episode at the moment asked about, and its dose for the session's slot. */
  prescription: { id: string; version: number; prescriberId: string; doseMg: number; route: DoseRoute; oral: { drug: OralDrug; mgPerDay: number } | null } | null;
  /** Why no dose is expected at this session (a break, nothing prescribed), or null when one is. */
  notExpectedReason: string | null;
  openHolds: RosterHold[];
};

/**
 * Everyone a session is for: each participant whose episode is open on the session's date
 * (enrolled on or before it, not exited by it). Someone on a break that day, or with no
 * dose prescribed for the slot at `at`, is on the roster but not expected (DOMAIN.md:
 * sessions on a break are "not expected", never "missed"). The Today board, check-in,
 * drawing and closing all read this one roster, so they agree on who is expected.
 * A constant number of queries, whatever the size of the clinic. The caller passes the
 * site's settings it has already read (the review and titration holds depend on them).
 */
export type RosterSettings = Pick<ClinicSettings, "prescriptionReview" | "titrationDays">;

export async function sessionRoster(
  tx: Tx,
  siteId: string,
  session: SessionKey,
  at: Date,
  settings: RosterSettings,
  only?: { participantId: string },
): Promise<RosterEntry[]> {
  const day = localDateToDb(session.date);
  const { prescriptionReview, titrationDays } = settings;
  const episodes = await tx.episode.findMany({
    where: {
      siteId,
      participantId: only?.participantId,
      enrolledOn: { lte: day },
      OR: [{ closedOn: null }, { closedOn: { gt: day } }],
    },
    select: {
      id: true,
      participantId: true,
      titrationFrom: true,
      stableFrom: true,
      participant: { select: { reference: true, identity: { select: { givenName: true, familyName: true, dateOfBirth: true } } } },
      // A break covers its start date up to, not including, the day the participant returns.
      breaks: { where: { startedOn: { lte: day }, OR: [{ endedOn: null }, { endedOn: { gt: day } }] }, select: { reason: true }, take: 1 },
      prescriptions: { where: { startsAt: { lte: at } }, orderBy: { version: "desc" }, take: 1, select: { id: true, version: true, prescriberId: true, amDoseMg: true, pmDoseMg: true, route: true, oralDrug: true, oralDoseMgPerDay: true, reviewBy: true } },
      holds: { where: { clearance: { is: null } }, orderBy: { placedAt: "asc" }, select: { id: true, kind: true, source: true, reason: true } },
    },
  });

  return episodes.map((episode) => {
    const identity = episode.participant.identity;
    const current = episode.prescriptions[0];
    const oral = current?.oralDrug && current.oralDoseMgPerDay ? { drug: current.oralDrug, mgPerDay: current.oralDoseMgPerDay } : null;
    const prescription = current ? { id: current.id, version: current.version, prescriberId: current.prescriberId, doseMg: session.slot === "AM" ? current.amDoseMg : current.pmDoseMg, route: current.route, oral } : null;
    const onBreak = episode.breaks[0];
    const notExpectedReason = onBreak
      ? `On a break: ${BREAK_REASON_LABEL[onBreak.reason]}`
      : !prescription || prescription.doseMg === 0
        ? `No dose prescribed for the ${session.slot} session`
        : null;
    const review = current ? reviewHold(reviewState(dbDateToLocal(current.reviewBy), session.date, prescriptionReview)) : null;
    return {
      participantId: episode.participantId,
      episodeId: episode.id,
      reference: episode.participant.reference,
      name: identity ? `${identity.givenName} ${identity.familyName}` : episode.participant.reference,
      dateOfBirth: identity ? dbDateToLocal(identity.dateOfBirth) : null,
      titrating: isTitrating(episode, at, titrationDays),
      prescription,
      notExpectedReason,
      openHolds: review && current ? [...episode.holds, { id: `review-${current.id}`, source: "PRESCRIPTION_REVIEW", ...review }] : episode.holds,
    };
  });
}
