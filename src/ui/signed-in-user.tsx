"use client";

import { createContext, useContext, type ReactNode } from "react";

const SignedInUser = createContext<string | null>(null);

/** Who is signed in on this page, for the browser's side of a form (an unsaved entry is theirs alone). */
export function SignedInUserProvider({ userId, children }: { userId: string; children: ReactNode }) {
  return <SignedInUser.Provider value={userId}>{children}</SignedInUser.Provider>;
}

export function useSignedInUser(): string | null {
  return useContext(SignedInUser);
}
