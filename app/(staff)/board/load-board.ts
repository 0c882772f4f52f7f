import "server-only";
import { db } from "@/db/client";
import { clinicDate } from "@/domain/clinic-time";
import { periodsToChoose } from "@/domain/reporting-period";
import { boardCohorts } from "@/server/board";
import { boardRelease } from "@/server/board-release";
import { BoardFilterInput } from "@/server/board.input";
import { listSites } from "@/server/sites";

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * Filters from the URL (malformed ones, and periods not yet started, are reported and the
 * defaults used instead), the choices for the filter form, and the released figures.
 */
export async function loadBoard(searchParams: SearchParams) {
  const raw = Object.fromEntries(Object.entries(searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = BoardFilterInput.safeParse(raw);
  let filter = parsed.success ? parsed.data : BoardFilterInput.parse({});
  let filterError = parsed.success ? null : (parsed.error.issues[0]?.message ?? "Those filters could not be read.");
  let release = await boardRelease(db(), filter);
  if (!release) {
    filter = { ...filter, siteId: null };
    filterError = "No such site.";
    release = (await boardRelease(db(), filter))!;
  }
  const today = clinicDate(new Date());
  const [sites, cohorts] = await Promise.all([listSites(db()), boardCohorts(db(), today)]);
  const periods = periodsToChoose(`${cohorts[0]}-04-01`, today);
  return { filter, filterError, sites, cohorts, periods, release };
}
