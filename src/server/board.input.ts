import { z } from "zod";
import { clinicDate, type LocalDate } from "@/domain/clinic-time";
import { defaultPeriod, parseReportingPeriod, periodRefusal, periodTo, type ReportingPeriod } from "@/domain/reporting-period";

/**
 * The board's filters from the query string: site (empty for all sites), reporting period
 * (a month, financial quarter or financial year: src/domain/reporting-period.ts) and
 * enrolment cohort (the financial year of enrolment, "2025" for 2025/26). The period
 * defaults to the financial year in progress; the period in progress runs to today
 * (Europe/London) and one that has not started is refused.
 */
export function boardFilterInput(today: () => LocalDate = () => clinicDate(new Date())) {
  return z
    .object({
      site: z.string().trim().max(64).optional().transform((v) => v || null),
      period: z
        .string()
        .trim()
        .optional()
        .transform((v) => v || undefined)
        .refine((v) => v === undefined || parseReportingPeriod(v) !== null, "Choose a month (2026-05), a quarter (FY2026-27-Q1) or a financial year (FY2026-27)."),
      cohort: z
        .string()
        .optional()
        .transform((v) => v || undefined)
        .refine((v) => v === undefined || /^(19|20)\d{2}$/.test(v), "Choose a financial year such as 2025.")
        .transform((v) => (v === undefined ? null : Number(v))),
    })
    .transform(({ site, period, cohort }, context) => {
      const now = today();
      const chosen: ReportingPeriod = period ? parseReportingPeriod(period)! : defaultPeriod(now);
      const refusal = periodRefusal(chosen, now);
      if (refusal) {
        context.addIssue({ code: "custom", message: refusal, path: ["period"] });
        return z.NEVER;
      }
      return { siteId: site, period: chosen, from: chosen.from, to: periodTo(chosen, now), cohort };
    });
}

export const BoardFilterInput = boardFilterInput();

export type BoardFilter = z.output<typeof BoardFilterInput>;

/** What an export of the figures records in the audit trail: the filters, nothing else. */
export function boardExportFilter(filter: BoardFilter): { siteId: string | null; period: string; from: string; to: string; cohort: number | null } {
  return { siteId: filter.siteId, period: filter.period.code, from: filter.from, to: filter.to, cohort: filter.cohort };
}

/** Back to query-string form, for links to the report and the CSV with the same filters. */
export function boardQuery(filter: BoardFilter): string {
  const params = new URLSearchParams({ period: filter.period.code });
  if (filter.siteId) params.set("site", filter.siteId);
  if (filter.cohort !== null) params.set("cohort", String(filter.cohort));
  return params.toString();
}
