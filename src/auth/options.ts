import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "@/db/client";
import { log } from "@/server/log";
import { signIn, signOut } from "@/server/sign-in";
import { sameSitePath } from "./callback-url";
import { requestAddress } from "./client-address";
import { authSecret } from "./secret";
import { SESSION_MAX_SECONDS } from "./session-policy";

/**
 * Thrown from authorize() when sign-in itself fails: next-auth puts the message into the
 * sign-in answer's URL as its error code, so only fixed words are ever thrown from there.
 */
export const SIGN_IN_UNAVAILABLE = "unavailable";

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
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
          code: { label: "Code", type: "text" },
        },
        async authorize(credentials, req) {
          if (!credentials?.email || !credentials.password) return null;
          const result = await signIn(db(), {
            email: credentials.email,
            password: credentials.password,
            code: credentials.code,
            ip: requestAddress(req.headers),
          }).catch((error: unknown) => {
            // A database error's message names tables and indexes, and can quote what was typed.
            log.error({ event: "sign-in", err: error }, "sign-in failed unexpectedly");
            throw new Error(SIGN_IN_UNAVAILABLE);
          });
          if (result.ok) return result.user;
          // Thrown, next-auth hands the message to the login form as its error code (login-form.tsx).
          if (result.reason === "invalid") return null;
          throw new Error(result.reason);
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
          token.sessionVersion = user.sessionVersion;
        }
        return token;
      },
      session({ session, token }) {
        session.user = { id: token.uid, name: token.name ?? "", email: token.email ?? "", role: token.role, siteId: token.siteId };
        session.clock = { signedInAt: token.signedInAt, lastActivityAt: token.lastActivityAt };
        session.sessionVersion = token.sessionVersion;
        return session;
      },
      // Where next-auth itself sends the browser (after signing out): a path on this site only.
      redirect({ url, baseUrl }) {
        return `${baseUrl}${sameSitePath(url.startsWith(baseUrl) ? url.slice(baseUrl.length) : url)}`;
      },
    },
    events: {
      async signOut({ token }) {
        if (token?.uid && typeof token.sessionVersion === "number") await signOut(db(), { userId: token.uid, sessionVersion: token.sessionVersion });
      },
    },
  };
  return options;
}
