import type { ReactNode } from "react";
import { sessionActor } from "@/auth/session";
import { AppShell } from "@/ui/app-shell";

export const dynamic = "force-dynamic";

export default async function StaffLayout({ children }: { children: ReactNode }) {
  // Each page checks its own permission; the layout only frames it for whoever is signed in
  // (a step pending too: My account, with the way to sign out).
  const actor = await sessionActor();
  return actor ? <AppShell actor={actor}>{children}</AppShell> : <>{children}</>;
}
