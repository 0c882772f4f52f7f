import { financialYearLabel } from "@/domain/money";
import type { PeriodKind, ReportingPeriod } from "@/domain/reporting-period";
import type { BoardFilter } from "@/server/board.input";

const PERIOD_GROUPS: [PeriodKind, string][] = [
  ["year", "Financial years (April to March)"],
  ["quarter", "Financial quarters (Q1 is April to June)"],
  ["month", "Months"],
];

/** The board's filters as a plain GET form: the URL carries them to the report and the CSV. */
export function BoardFilters({
  filter,
  sites,
  cohorts,
  periods,
  action,
}: {
  filter: BoardFilter;
  sites: { id: string; name: string }[];
  cohorts: number[];
  periods: Record<PeriodKind, ReportingPeriod[]>;
  action: string;
}) {
  return (
    <form method="get" action={action} className="no-print flex flex-wrap items-end gap-4 rounded border border-slate-300 bg-white p-4" aria-label="Filters">
      <label className="flex flex-col text-sm font-medium">
        Site
        <select name="site" defaultValue={filter.siteId ?? ""} className="mt-1 rounded border border-slate-500 px-2">
          <option value="">All sites</option>
          {sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-sm font-medium">
        Reporting period
        <select name="period" defaultValue={filter.period.code} className="mt-1 rounded border border-slate-500 px-2">
          {PERIOD_GROUPS.map(([kind, label]) => (
            <optgroup key={kind} label={label}>
              {periods[kind].map((p) => (
                <option key={p.code} value={p.code}>
                  {p.label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-sm font-medium">
        Enrolment cohort
        <select name="cohort" defaultValue={filter.cohort === null ? "" : String(filter.cohort)} className="mt-1 rounded border border-slate-500 px-2">
          <option value="">All cohorts</option>
          {cohorts.map((c) => (
            <option key={c} value={String(c)}>
              {financialYearLabel(c)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="rounded bg-brand px-4 font-medium text-white">
        Show figures
      </button>
    </form>
  );
}
