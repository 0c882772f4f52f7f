// npm run sessions:close — closes every past session nobody closed (the last fortnight) at
// every site: non-attenders become missed, the missed-dose engine places its holds. The
// Today page does the same for its own site on every load; run this from a scheduler (say,
// every 15 minutes) so a site nobody opens is still closed on time. Idempotent.
// Server modules are marked "server-only", so run it with Node's react-server condition:
//   tsx --conditions=react-server scripts/close-sessions.ts
import { closeDatabase, openDatabase, type Database } from "@/db/client";
import { catchUpClosures } from "@/server/session-closure";

let database: Database | undefined;
try {
  database = openDatabase();
  const prisma = database.prisma;
  const sites = await prisma.site.findMany({ select: { id: true, code: true }, orderBy: { code: "asc" } });
  for (const site of sites) {
    const closed = await prisma.$transaction((tx) => catchUpClosures(tx, site.id, new Date()), { maxWait: 10_000, timeout: 300_000 });
    console.log(`${site.code}: ${closed.length === 0 ? "nothing to close" : `closed ${closed.map((s) => `${s.date} ${s.slot}`).join(", ")}`}`);
  }
} catch (error) {
  console.error(`Closing sessions failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  if (database) await closeDatabase(database);
}
