import type { ReactNode } from "react";
import { currentActor } from "@/auth/session";
import { AppShell } from "@/ui/app-shell";

export const dynamic = "force-dynamic";

export default async function StaffLayout({ children }: { children: ReactNode }) {
  // Each page checks its own permission; the layout only frames it for whoever is signed in.
  const actor = await currentActor();
  return actor ? <AppShell actor={actor}>{children}</AppShell> : <>{children}</>;
}
