import "server-only";
import { headers } from "next/headers";
import type { Actor } from "@/auth/actor";
import type { Requirement } from "@/auth/permissions";
import { REQUEST_PATH_HEADER } from "@/auth/routes";
import { db } from "@/db/client";
import { audit, type AuditEntry } from "./audit";
import { log } from "./log";

/** The pages that show one named participant's record, and the printed downtime sheet, which shows many. */
export type ParticipantPage = "profile" | "evidence" | "prescribing" | "downtime-sheet";

/** Every download of records or figures. */
export type ExportName = "audit" | "board-figures" | "board-report" | "ndtms-top" | "register" | "register-print";

/** Filter values only: dates, codes and ids, never a name, reference or free text. */
export type ExportFilter = Record<string, string | number | boolean | null>;

/**
 * Reading, as opposed to changing, that the audit trail keeps (issue 16, finding 7): who
 * opened which participant's record on which page, who downloaded what, and who was refused
 * what. Each is one row in `AuditEvent`, written outside any transaction.
 */
export type Access =
  | { kind: "view"; page: ParticipantPage; participantId: string }
  | { kind: "export"; export: ExportName; filter?: ExportFilter }
  | { kind: "refused"; target: "route" | "action" | "participant"; what: string; required?: Requirement };

export const ACCESS_ACTIONS = { view: "participant.view", export: "export.download", refused: "access.refused" } as const;

const REFUSED_ENTITY = { route: "Route", action: "Action", participant: "Participant" } as const;

/** A path or an id typed by whoever asked: kept, but never longer than this. */
const MAX_TARGET = 200;

function entryFor(access: Access): AuditEntry {
  switch (access.kind) {
    case "view":
      return { action: ACCESS_ACTIONS.view, entity: "Participant", entityId: access.participantId, participantId: access.participantId, summary: { page: access.page } };
    case "export":
      return { action: ACCESS_ACTIONS.export, entity: "Export", entityId: access.export, summary: access.filter ?? {} };
    case "refused":
      return {
        action: ACCESS_ACTIONS.refused,
        entity: REFUSED_ENTITY[access.target],
        entityId: access.what.slice(0, MAX_TARGET),
        // Also in the summary, which the audit page shows: the path, action or id refused.
        summary: {
          what: access.what.slice(0, MAX_TARGET),
          ...(access.required === undefined ? {} : { required: typeof access.required === "string" ? [access.required] : [...access.required] }),
        },
      };
  }
}

/**
 * Records one access: a single insert, awaited. A page or download is not given when its
 * record cannot be written; a refusal is answered all the same, and the failure logged.
 */
export async function recordAccess(actor: Actor, access: Access): Promise<void> {
  if (access.kind === "refused") log.info({ event: ACCESS_ACTIONS.refused, userId: actor.userId, siteId: actor.siteId, target: access.target }, "access refused");
  try {
    await audit(db(), actor, entryFor(access));
  } catch (error) {
    if (access.kind !== "refused") throw error;
    log.error({ event: ACCESS_ACTIONS.refused, userId: actor.userId, err: error }, "a refusal could not be recorded");
  }
}

/** A participant's page opened: a view when the record is at the actor's site, a refusal otherwise. */
export async function recordParticipantPage(actor: Actor, page: ParticipantPage, participantId: string, found: boolean): Promise<void> {
  await recordAccess(actor, found ? { kind: "view", page, participantId } : { kind: "refused", target: "participant", what: participantId });
}

/**
 * A page showing several named participants (the downtime sheet, printed for the paper
 * record): one view for each, as if each record had been opened, so the trail found by a
 * participant's reference shows that their details went onto paper. One insert for all.
 */
export async function recordParticipantsViewed(actor: Actor, page: ParticipantPage, participantIds: readonly string[], summary: ExportFilter = {}): Promise<void> {
  if (participantIds.length === 0) return;
  await db().auditEvent.createMany({
    data: participantIds.map((participantId) => ({
      actorId: actor.userId,
      actorRole: actor.role,
      siteId: actor.siteId,
      action: ACCESS_ACTIONS.view,
      entity: "Participant",
      entityId: participantId,
      participantId,
      summary: { page, ...summary },
    })),
  });
}

/** The path the browser asked for (the proxy passes it on; a refused page is rendered as /403). */
export async function requestedPath(): Promise<string> {
  return (await headers()).get(REQUEST_PATH_HEADER)?.slice(0, MAX_TARGET) ?? "unknown";
}
