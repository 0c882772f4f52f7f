"use client";

import { signOut } from "next-auth/react";

export function SignOutButton() {
  return (
    <button type="button" onClick={() => signOut({ callbackUrl: "/login" })} className="rounded border border-white/60 px-4 py-2 text-white">
      Sign out
    </button>
  );
}
