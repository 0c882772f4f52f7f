import { z } from "zod";
import { addLocalDays, addLocalMonths, clinicDate, isLocalDate } from "@/domain/clinic-time";

const optionalDate = z
  .string()
  .optional()
  .transform((v) => v || undefined)
  .refine((v) => v === undefined || isLocalDate(v), "Use a date like 2026-11-23.");

/**
 * The board's filters from the query string: site (empty for all sites), period and
 * enrolment cohort (the financial year of enrolment, "2025" for 2025/26). The period
 * defaults to the twelve months up to today.
 */
export const BoardFilterInput = z
  .object({
    site: z.string().trim().max(64).optional().transform((v) => v || null),
    from: optionalDate,
    to: optionalDate,
    cohort: z
      .string()
      .optional()
      .transform((v) => v || undefined)
      .refine((v) => v === undefined || /^(19|20)\d{2}$/.test(v), "Choose a financial year such as 2025.")
      .transform((v) => (v === undefined ? null : Number(v))),
  })
  .transform(({ site, from, to, cohort }) => {
    const end = to ?? clinicDate(new Date());
    return { siteId: site, from: from ?? addLocalDays(addLocalMonths(end, -12), 1), to: end, cohort };
  })
  .refine((f) => f.from <= f.to, { message: "The period must start on or before its end.", path: ["from"] });

export type BoardFilter = z.output<typeof BoardFilterInput>;

/** What an export of the figures records in the audit trail: the filters, nothing else. */
export function boardExportFilter(filter: BoardFilter): { siteId: string | null; from: string; to: string; cohort: number | null } {
  return { siteId: filter.siteId, from: filter.from, to: filter.to, cohort: filter.cohort };
}

/** Back to query-string form, for links to the report and the CSV with the same filters. */
export function boardQuery(filter: BoardFilter): string {
  const params = new URLSearchParams({ from: filter.from, to: filter.to });
  if (filter.siteId) params.set("site", filter.siteId);
  if (filter.cohort !== null) params.set("cohort", String(filter.cohort));
  return params.toString();
}
