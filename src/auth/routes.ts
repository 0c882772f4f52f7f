import type { Role } from "@/generated/prisma/enums";
import { can, SETTINGS_ACCESS, type Requirement } from "./permissions";

/**
 * Which permission each protected area needs. The proxy consults this before any page
 * runs, and every page and action checks again on the server.
 */
export const PUBLIC_ROUTES = ["/", "/login", "/403", "/api/health", "/api/auth"] as const;

export const ROUTE_POLICY: readonly { prefix: string; permission: Requirement }[] = [
  { prefix: "/today", permission: "dose.record" },
  { prefix: "/api/today", permission: "dose.record" },
  { prefix: "/participants/new", permission: "participant.manage" },
  { prefix: "/api/participants", permission: "participant.photo" },
  { prefix: "/participants", permission: "participant.read" },
  { prefix: "/prescribing", permission: "prescription.write" },
  { prefix: "/back-entry", permission: ["dose.record", "register.write"] },
  { prefix: "/register", permission: "register.read" },
  { prefix: "/api/register", permission: "register.read" },
  { prefix: "/board", permission: "board.view" },
  { prefix: "/api/board", permission: "board.view" },
  { prefix: "/admin/audit", permission: "audit.read" },
  { prefix: "/api/admin/audit", permission: "audit.read" },
  { prefix: "/admin/imports", permission: "import.run" },
  { prefix: "/admin/settings", permission: SETTINGS_ACCESS },
  { prefix: "/admin/funding", permission: "setting.manage" },
  { prefix: "/api/ndtms", permission: "participant.read" },
  { prefix: "/admin", permission: "user.manage" },
  { prefix: "/account", permission: "account.self" },
];

/**
 * The path a request asked for, set by the proxy on every request it passes on (replacing
 * any the client sent): a refused page is rendered as /403, which records what was refused.
 */
export const REQUEST_PATH_HEADER = "x-hat-request-path";

/** The policy's requirement for a path, or null for a public or unlisted one. */
export function routeRequirement(pathname: string): Requirement | null {
  if (isPublicRoute(pathname)) return null;
  return ROUTE_POLICY.find((r) => matches(pathname, r.prefix))?.permission ?? null;
}

export type RouteAccess = "public" | "allow" | "sign-in" | "forbidden";

function matches(pathname: string, prefix: string): boolean {
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}

export function isPublicRoute(pathname: string): boolean {
  return PUBLIC_ROUTES.some((route) => (route === "/" ? pathname === "/" : matches(pathname, route)));
}

export function routeAccess(pathname: string, role: Role | null): RouteAccess {
  if (isPublicRoute(pathname)) return "public";
  if (!role) return "sign-in";
  const rule = ROUTE_POLICY.find((r) => matches(pathname, r.prefix));
  // Anything not listed is closed: a new area must be added to the policy to be reachable.
  if (!rule) return "forbidden";
  return can(role, rule.permission) ? "allow" : "forbidden";
}
