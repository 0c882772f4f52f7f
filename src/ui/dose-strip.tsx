import { SESSION_SLOTS } from "@/domain/clinic-time";
import { DOSE_STRIP_LABEL, doseStripCounts, type DoseStripCellKind, type DoseStripDay } from "@/domain/dose-strip";
import { formatLocalDate } from "@/domain/format";

/** A symbol and a tint for each kind of cell: both beside the words (read out, and in the key), never instead of them. */
const LOOK: Record<DoseStripCellKind, { symbol: string; tint: string }> = {
  GIVEN: { symbol: "✓", tint: "bg-emerald-100" },
  PARTIAL: { symbol: "◐", tint: "bg-amber-100" },
  WITHHELD: { symbol: "W", tint: "bg-red-100" },
  DECLINED: { symbol: "D", tint: "bg-orange-100" },
  MISSED: { symbol: "✕", tint: "bg-red-200" },
  NOT_EXPECTED: { symbol: "–", tint: "bg-slate-100" },
  IN_PROGRESS: { symbol: "…", tint: "bg-sky-100" },
  NOT_RECORDED: { symbol: "○", tint: "bg-white" },
  NOT_YET_DUE: { symbol: "·", tint: "bg-white" },
  NOT_IN_TREATMENT: { symbol: "", tint: "bg-slate-50" },
};

const KEY_ORDER: DoseStripCellKind[] = ["GIVEN", "PARTIAL", "WITHHELD", "DECLINED", "MISSED", "NOT_EXPECTED", "IN_PROGRESS", "NOT_RECORDED", "NOT_YET_DUE", "NOT_IN_TREATMENT"];

/** "Tue 17" over "Nov": a column of the strip. */
function dayHeading(date: string) {
  const [weekday, day, month] = formatLocalDate(date).split(" ");
  return (
    <>
      <abbr title={formatLocalDate(date)} className="block no-underline">
        {weekday} {day}
      </abbr>
      <span className="block font-normal">{month}</span>
    </>
  );
}

/**
 * The last fortnight's dose sessions, a column a day and a row a session, each cell in words
 * for screen readers and as a symbol (with the mg given) on screen, with the key below; the
 * rule that makes the cells is src/domain/dose-strip.ts.
 */
export function DoseStrip({ strip, headingId }: { strip: readonly DoseStripDay[]; headingId: string }) {
  const counts = doseStripCounts(strip);
  const first = strip[0];
  const last = strip.at(-1);
  if (!first || !last) return null;
  return (
    <div className="space-y-2">
      <p>
        {KEY_ORDER.filter((kind) => (counts[kind] ?? 0) > 0 && kind !== "NOT_IN_TREATMENT" && kind !== "NOT_YET_DUE")
          .map((kind) => `${DOSE_STRIP_LABEL[kind]} ${counts[kind]}`)
          .join(" · ")}
      </p>
      <div className="overflow-x-auto">
        <table aria-labelledby={headingId} aria-describedby={`${headingId}-key`} className="border-collapse text-center text-sm">
          <thead>
            <tr>
              <th scope="col" className="p-1 text-left">
                <span className="sr-only">Session</span>
              </th>
              {strip.map((day) => (
                <th key={day.date} scope="col" className="min-w-12 p-1 font-medium">
                  {dayHeading(day.date)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {SESSION_SLOTS.map((slot) => (
              <tr key={slot}>
                <th scope="row" className="p-1 pr-2 text-left font-medium">
                  {slot}
                </th>
                {strip.map((day) => {
                  const cell = day.cells[slot];
                  const look = LOOK[cell.kind];
                  return (
                    <td key={day.date} title={cell.label} className={`h-12 min-w-12 border border-slate-300 p-1 ${look.tint}`}>
                      <span aria-hidden="true" className="block font-semibold">
                        {look.symbol}
                      </span>
                      {cell.givenMg !== null ? (
                        <span aria-hidden="true" className="block text-xs">
                          {cell.givenMg}
                        </span>
                      ) : null}
                      <span className="sr-only">{cell.label}</span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul id={`${headingId}-key`} aria-label="Key" className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {KEY_ORDER.map((kind) => (
          <li key={kind} className="flex items-center gap-1">
            <span aria-hidden="true" className={`inline-flex h-6 w-6 items-center justify-center border border-slate-300 font-semibold ${LOOK[kind].tint}`}>
              {LOOK[kind].symbol}
            </span>
            {DOSE_STRIP_LABEL[kind]}
          </li>
        ))}
        <li>Numbers: mg given</li>
      </ul>
    </div>
  );
}
