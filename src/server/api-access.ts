import "server-only";
import type { Actor } from "@/auth/actor";
import { can, type Requirement } from "@/auth/permissions";
import { currentActor } from "@/auth/session";
import { recordAccess } from "./access-audit";

/**
 * For API route handlers: the signed-in actor when their role allows the route; otherwise
 * the answer to send, 401 for the signed-out and 403 for a wrong role (a refusal recorded).
 */
export async function apiActor(route: string, permission: Requirement): Promise<Actor | Response> {
  const actor = await currentActor();
  if (!actor) return Response.json({ error: "Sign in first." }, { status: 401 });
  if (!can(actor.role, permission)) {
    await recordAccess(actor, { kind: "refused", target: "route", what: route, required: permission });
    return Response.json({ error: "Your role does not allow this." }, { status: 403 });
  }
  return actor;
}
