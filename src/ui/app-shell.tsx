import Link from "next/link";
import type { ReactNode } from "react";
import type { Actor } from "@/auth/actor";
import { can, ROLE_LABEL, SETTINGS_ACCESS, type Requirement } from "@/auth/permissions";
import { SignedInUserProvider } from "./signed-in-user";
import { SignOutButton } from "./sign-out-button";

const NAV: { href: string; label: string; permission: Requirement }[] = [
  { href: "/today", label: "Today", permission: "dose.record" },
  { href: "/participants", label: "Participants", permission: "participant.read" },
  { href: "/participants/top-due", label: "TOP due", permission: "participant.read" },
  { href: "/prescribing", label: "Prescribing", permission: "prescription.write" },
  { href: "/register", label: "CD register", permission: "register.read" },
  { href: "/back-entry", label: "Back-entry", permission: ["dose.record", "register.write"] },
  { href: "/board", label: "Outcomes", permission: "board.view" },
  { href: "/admin", label: "Users", permission: "user.manage" },
  { href: "/admin/licences", label: "Licences", permission: "user.manage" },
  { href: "/admin/settings", label: "Settings", permission: SETTINGS_ACCESS },
  { href: "/admin/imports", label: "Imports", permission: "import.run" },
  { href: "/admin/funding", label: "Funding", permission: "setting.manage" },
  { href: "/admin/audit", label: "Audit trail", permission: "audit.read" },
  { href: "/account", label: "My account", permission: "account.self" },
];

/** The frame of every signed-in page: who is signed in, and only the areas their role may open. */
export function AppShell({ actor, children }: { actor: Actor; children: ReactNode }) {
  const links = NAV.filter((item) => can(actor.role, item.permission));
  return (
    <div className="min-h-screen">
      <header data-surface="brand" className="bg-brand text-white">
        {/* WCAG 2.4.1 Bypass Blocks: keyboard users skip the header and up to a dozen links on every page. */}
        <a href="#main" className="sr-only focus:not-sr-only focus:m-2 focus:inline-flex focus:min-h-11 focus:items-center focus:rounded focus:bg-white focus:px-4 focus:font-medium focus:text-brand">
          Skip to main content
        </a>
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <Link href="/" className="text-lg font-semibold">
            HAT Clinic
          </Link>
          <div className="flex items-center gap-3 text-sm">
            <span>
              {actor.name} · {ROLE_LABEL[actor.role]}
            </span>
            <SignOutButton />
          </div>
        </div>
        <nav aria-label="Main" className="mx-auto max-w-6xl px-2 pb-2">
          <ul className="flex flex-wrap gap-1">
            {links.map((link) => (
              <li key={link.href}>
                <Link href={link.href} className="inline-flex min-h-11 items-center rounded px-3 py-2 hover:bg-brand-dark">
                  {link.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-6">
        <SignedInUserProvider userId={actor.userId}>{children}</SignedInUserProvider>
      </main>
    </div>
  );
}
