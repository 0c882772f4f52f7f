import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "@/db/client";
import { log } from "@/server/log";
import { signIn } from "@/server/sign-in";
import { authSecret } from "./secret";
import { SESSION_MAX_SECONDS } from "./session-policy";

/**
 * Thrown from authorize(); next-auth puts the message into the sign-in answer's URL as its
 * error code, so only these fixed words are ever thrown from there.
 */
export const THROTTLED = "throttled";
export const SIGN_IN_UNAVAILABLE = "unavailable";

function clientAddress(headers: Record<string, unknown> | undefined): string {
  const forwarded = headers?.["x-forwarded-for"];
  const first = typeof forwarded === "string" ? forwarded.split(",")[0]?.trim() : undefined;
  return first || "unknown";
}

let options: NextAuthOptions | undefined;

/** next-auth options, built on first use (the secret may live on disk beside the embedded database). */
export function authOptions(): NextAuthOptions {
  options ??= {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_SECONDS },
    pages: { signIn: "/login" },
    // next-auth's own logger prints error messages and metadata, which can hold the email typed.
    logger: {
      error: (code, metadata) => log.error({ event: "next-auth", code, err: metadata instanceof Error ? metadata : metadata.error }, "sign-in machinery error"),
      warn: (code) => log.warn({ event: "next-auth", code }, "sign-in machinery warning"),
      debug: (code) => log.debug({ event: "next-auth", code }, "sign-in machinery"),
    },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          if (!credentials?.email || !credentials.password) return null;
          const result = await signIn(db(), {
            email: credentials.email,
            password: credentials.password,
            ip: clientAddress(req.headers),
          }).catch((error: unknown) => {
            // A database error's message names tables and indexes, and can quote what was typed.
            log.error({ event: "sign-in", err: error }, "sign-in failed unexpectedly");
            throw new Error(SIGN_IN_UNAVAILABLE);
          });
          if (!result.ok) {
            if (result.reason === "throttled") throw new Error(THROTTLED);
            return null;
          }
          const { id, name, email, role, siteId } = result.user;
          return { id, name, email, role, siteId };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          const now = Math.floor(Date.now() / 1000);
          token.uid = user.id;
          token.role = user.role;
          token.siteId = user.siteId;
          token.signedInAt = now;
          token.lastActivityAt = now;
        }
        return token;
      },
      session({ session, token }) {
        session.user = { id: token.uid, name: token.name ?? "", email: token.email ?? "", role: token.role, siteId: token.siteId };
        session.clock = { signedInAt: token.signedInAt, lastActivityAt: token.lastActivityAt };
        return session;
      },
    },
  };
  return options;
}
