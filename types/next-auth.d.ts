import type { Role } from "@/generated/prisma/enums";

declare module "next-auth" {
  interface Session {
    user: { id: string; name: string; email: string; role: Role; siteId: string };
    /** When the session began and was last active (seconds since the epoch), for src/auth/session-policy.ts. */
    clock: { signedInAt: number; lastActivityAt: number };
    /** The account's session version when this session began (src/auth/session.ts). */
    sessionVersion: number;
  }
  interface User {
    id: string;
    name: string;
    email: string;
    role: Role;
    siteId: string;
    sessionVersion: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid: string;
    role: Role;
    siteId: string;
    /** Seconds since the epoch. */
    signedInAt: number;
    lastActivityAt: number;
    sessionVersion: number;
  }
}
