import "server-only";
import { Prisma, type DoseRoute, type HoldKind, type OralDrug } from "@/generated/prisma/client";
import type { Tx } from "@/db/client";
import { addLocalDays, clinicDate, dbDateToLocal, localDateToDb, type LocalDate, type SessionKey } from "@/domain/clinic-time";
import { earliestNextDose, lastDoseMoment } from "@/domain/dose-session";
import { checkDowntimeSheetSession, downtimeSheetSessions, groupDowntimeRows, type DowntimeGroup } from "@/domain/downtime-sheet";
import { currentSession } from "./dose-sessions";
import { RuleError } from "./errors";
import { siteSettings } from "./settings";
import { todayBoard, type BoardStatus } from "./today-board";

/**
 * The downtime sheet (src/domain/downtime-sheet.ts): everyone the Today board expects at a
 * session, read through the same board (one answer to who is expected), with what the paper
 * record needs beside each: date of birth, the dose in force, holds, the last dose given and
 * when the next may be given. A constant number of queries, whatever the size of the clinic.
 */

export type DowntimeRow = {
  participantId: string;
  reference: string;
  name: string;
  dateOfBirth: LocalDate | null;
  /** The dose in force for the session, by the route prescribed. */
  doseMg: number;
  route: DoseRoute | null;
  oral: { drug: OralDrug; mgPerDay: number } | null;
  titrating: boolean;
  holds: { kind: HoldKind; reason: string }[];
  /** The latest dose given, wherever it was given. */
  lastDose: { at: Date; mg: number } | null;
  /** Spacing: the earliest moment of the next dose, from the last dose given or a dose drawn and not resolved. */
  earliestNextDose: Date | null;
  /** Where the system has them at this session when printed (a sheet printed mid-session). */
  status: BoardStatus;
};

export type DowntimeSheet = {
  site: { name: string; code: string };
  session: SessionKey;
  window: { opensAt: Date; closesAt: Date };
  printedAt: Date;
  minHoursBetweenDoses: number;
  expected: number;
  groups: { group: DowntimeGroup; title: string; instruction: string; rows: DowntimeRow[] }[];
};

/** The sessions a sheet can be printed for now: the one being worked and the next. */
export async function downtimeSheetChoices(tx: Tx, siteId: string, now: Date): Promise<[SessionKey, SessionKey]> {
  const settings = await siteSettings(tx, siteId);
  return downtimeSheetSessions(await currentSession(tx, siteId, now, settings.sessionWindows));
}

type LastGiven = { participantId: string; administeredAt: Date; givenMg: number | null };

export async function downtimeSheet(tx: Tx, siteId: string, session: SessionKey, now: Date): Promise<DowntimeSheet> {
  const settings = await siteSettings(tx, siteId);
  const current = await currentSession(tx, siteId, now, settings.sessionWindows);
  const allowed = checkDowntimeSheetSession(session, current);
  if (!allowed.ok) throw new RuleError("downtime.session", allowed.reason);

  const [board, site] = await Promise.all([todayBoard(tx, siteId, now, session), tx.site.findUniqueOrThrow({ where: { id: siteId }, select: { name: true, code: true } })]);
  const ids = board.rows.map((row) => row.participantId);
  const [identities, given, drawn] = ids.length
    ? await Promise.all([
        tx.participantIdentity.findMany({ where: { participantId: { in: ids } }, select: { participantId: true, dateOfBirth: true } }),
        // The latest dose given to each, by the (participantId, administeredAt) index.
        tx.$queryRaw<LastGiven[]>`
          SELECT DISTINCT ON ("participantId") "participantId", "administeredAt", "givenMg"
          FROM "DoseSession"
          WHERE "participantId" IN (${Prisma.join(ids)}) AND "administeredAt" IS NOT NULL
          ORDER BY "participantId", "administeredAt" DESC`,
        // Drawn and not yet given or withheld: spacing counts from the draw (within the fortnight the catch-up reaches, as the draw's own check).
        tx.doseSession.findMany({
          where: { participantId: { in: ids }, stage: "DRAWN", sessionDate: { gte: localDateToDb(addLocalDays(clinicDate(now), -14)) } },
          orderBy: { drawnAt: "asc" },
          select: { participantId: true, drawnAt: true },
        }),
      ])
    : [[], [], []];

  const birth = new Map(identities.map((i) => [i.participantId, dbDateToLocal(i.dateOfBirth)]));
  const lastGiven = new Map(given.map((g) => [g.participantId, g]));
  // Ascending, so the latest draw of each is the one kept.
  const lastDrawn = new Map(drawn.flatMap((d) => (d.drawnAt ? [[d.participantId, d.drawnAt] as const] : [])));

  const rows: DowntimeRow[] = board.rows.map((row) => {
    const last = lastGiven.get(row.participantId);
    const spacingFrom = lastDoseMoment(last?.administeredAt ?? null, lastDrawn.get(row.participantId) ?? null);
    return {
      participantId: row.participantId,
      reference: row.reference,
      name: row.name,
      dateOfBirth: birth.get(row.participantId) ?? null,
      doseMg: row.prescribedMg,
      route: row.route,
      oral: row.oral,
      titrating: row.titrating,
      holds: row.holds,
      lastDose: last ? { at: last.administeredAt, mg: last.givenMg ?? 0 } : null,
      earliestNextDose: spacingFrom ? earliestNextDose(spacingFrom, settings.minHoursBetweenDoses) : null,
      status: row.status,
    };
  });

  return {
    site,
    session,
    window: { opensAt: board.window.opensAt, closesAt: board.window.closesAt },
    printedAt: now,
    minHoursBetweenDoses: settings.minHoursBetweenDoses,
    expected: rows.length,
    groups: groupDowntimeRows(rows),
  };
}
