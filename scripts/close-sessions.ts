// npm run sessions:close — closes every past session nobody closed (the last fortnight) at
// every site: non-attenders become missed, the missed-dose engine places its holds. The
// Today page does the same for its own site on every load; run this from a scheduler (say,
// every 15 minutes) so a site nobody opens is still closed on time. Idempotent. A session
// with people expected and nothing recorded (an outage) is left for a prescriber or the CD
// lead to review, and named in the site's line so monitoring sees it (README, Downtime).
// Server modules are marked "server-only", so run it with Node's react-server condition:
//   tsx --conditions=react-server scripts/close-sessions.ts
// Output is the app's JSON log lines (LOG_LEVEL), one per site plus one per session closed.
import { closeDatabase, openDatabase, type Database } from "@/db/client";
import { log } from "@/server/log";
import { catchUpClosures, sessionsAwaitingOutageReview } from "@/server/session-closure";

let database: Database | undefined;
try {
  database = openDatabase();
  const prisma = database.prisma;
  const sites = await prisma.site.findMany({ select: { id: true, code: true }, orderBy: { code: "asc" } });
  for (const site of sites) {
    const closed = await prisma.$transaction((tx) => catchUpClosures(tx, site.id, new Date()), { maxWait: 10_000, timeout: 300_000 });
    const waiting = await sessionsAwaitingOutageReview(prisma, site.id, new Date());
    log.info(
      { event: "sessions.catch-up", siteId: site.id, site: site.code, closed: closed.map((s) => `${s.date} ${s.slot}`), awaitingOutageReview: waiting.map((s) => `${s.date} ${s.slot}`) },
      closed.length === 0 ? "nothing to close" : `closed ${closed.length} session(s)`,
    );
  }
} catch (error) {
  log.error({ event: "sessions.catch-up", err: error }, "closing sessions failed");
  process.exitCode = 1;
} finally {
  if (database) await closeDatabase(database);
}
