import "server-only";
import { db } from "@/db/client";
import { clinicDate } from "@/domain/clinic-time";
import { boardCohorts, boardReport } from "@/server/board";
import { BoardFilterInput } from "@/server/board.input";
import { listSites } from "@/server/sites";

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * Filters from the URL (malformed ones are reported and the defaults used instead), the
 * choices for the filter form, and the labelled figures.
 */
export async function loadBoard(searchParams: SearchParams) {
  const raw = Object.fromEntries(Object.entries(searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = BoardFilterInput.safeParse(raw);
  let filter = parsed.success ? parsed.data : BoardFilterInput.parse({});
  let filterError = parsed.success ? null : (parsed.error.issues[0]?.message ?? "Those filters could not be read.");
  let report = await boardReport(db(), filter);
  if (!report) {
    filter = { ...filter, siteId: null };
    filterError = "No such site.";
    report = (await boardReport(db(), filter))!;
  }
  const [sites, cohorts] = await Promise.all([listSites(db()), boardCohorts(db(), clinicDate(new Date()))]);
  return { filter, filterError, sites, cohorts, report };
}
