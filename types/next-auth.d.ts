import type { Role } from "@/generated/prisma/enums";

declare module "next-auth" {
  interface Session {
    user: { id: string; name: string; email: string; role: Role; siteId: string };
    /** When the session began and was last active (seconds since the epoch), for src/auth/session-policy.ts. */
    clock: { signedInAt: number; lastActivityAt: number };
  }
  interface User {
    id: string;
    name: string;
    email: string;
    role: Role;
    siteId: string;
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
  }
}
