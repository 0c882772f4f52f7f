import { forbidden } from "next/navigation";
import { routeRequirement } from "@/auth/routes";
import { currentActor } from "@/auth/session";
import { recordAccess, requestedPath } from "@/server/access-audit";

export const dynamic = "force-dynamic";

/**
 * The proxy rewrites a wrong role's request here (pages and API calls alike); the refusal
 * is recorded with the path asked for, then forbidden() renders app/forbidden.tsx with
 * status 403. Nothing is recorded for the signed-out or for /403 opened directly.
 */
export default async function ForbiddenPage() {
  const actor = await currentActor();
  const path = await requestedPath();
  if (actor && path !== "/403") {
    await recordAccess(actor, { kind: "refused", target: "route", what: path, required: routeRequirement(path) ?? undefined });
  }
  forbidden();
}
