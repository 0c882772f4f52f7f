/**
 * The live Today: every open Today page asks the server every few seconds for the site's
 * version stamp, and reloads its data when the stamp has changed. The stamp counts the day's
 * audit events of the changes below: every change writes its audit event in its own
 * transaction, and the trail is append-only, so the count grows exactly when such a change
 * commits, whichever tablet, prescriber or scheduled job made it, and in whatever order
 * simultaneous changes commit (a latest time or id would miss one that committed late).
 */

/** A few seconds: a step taken on one tablet shows on the others before the nurse looks up. */
export const LIVE_TODAY_POLL_SECONDS = 3;

/** The audit actions of every change a Today card, its forms or the session's header show. */
export const TODAY_CHANGES = [
  "doseSession.checkIn",
  "doseSession.assess",
  "doseSession.authoriseLate",
  "doseSession.draw",
  "doseSession.administer",
  "doseSession.signOff",
  "doseSession.withhold",
  "doseSession.decline",
  "doseSession.lateDoseExpired",
  "adverseEvent.record",
  "hold.place",
  "hold.clear",
  "prescription.create",
  "participant.enrol",
  "participant.photo",
  "participant.startBreak",
  "participant.endBreak",
  "participant.exit",
  "session.close",
  // The batches a dose is drawn from, and the drawn doses awaiting destruction.
  "register.receive",
  "register.destruction",
  "register.return",
  "register.destroyLeftover",
  // Session windows, timing, observation and holds are settings.
  "setting.update",
] as const;

/** The stamp for a site: the clinic's date and how many of its changes that day have committed. */
export function todayVersionStamp(clinicDate: string, changes: number): string {
  return `${clinicDate}.${changes}`;
}

/**
 * Set by a Today page, for a moment, on the request that reloads its data after a change made
 * elsewhere: that reload is not the nurse's activity, and must not keep an unattended tablet
 * signed in past the idle time-out (src/auth/session-policy.ts).
 */
export const LIVE_REFRESH_COOKIE = "hat-live-refresh";

/** The path the pages ask for the stamp; asking is not activity either. */
export const TODAY_VERSION_PATH = "/api/today/version";

/**
 * Whether a signed-in request counts as the user's activity and slides the idle time-out:
 * not next-auth's own session polling, not the live Today's version check, not the reload
 * it triggers (a GET carrying the cookie; a form sent meanwhile is activity all the same).
 */
export function countsAsActivity(request: { method: string; pathname: string; cookieNames: readonly string[] }): boolean {
  const { method, pathname, cookieNames } = request;
  if (pathname === "/api/auth" || pathname.startsWith("/api/auth/")) return false;
  if (pathname === TODAY_VERSION_PATH) return false;
  return !(method === "GET" && cookieNames.includes(LIVE_REFRESH_COOKIE));
}
