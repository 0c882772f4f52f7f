"use client";

import { CartesianGrid, Cell, ComposedChart, Legend, Line, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from "recharts";
import { GIVEN_OUTCOME_LABEL, GIVEN_OUTCOMES, type DoseChartData, type GivenOutcome, type GivenPoint } from "@/domain/dose-chart";
import { formatLocalDate, formatMg } from "@/domain/format";

/** Each outcome has its own shape, named in the legend: partial and missed doses do not rely on colour. */
const OUTCOME_SHAPE: Record<GivenOutcome, "circle" | "triangle" | "cross" | "square" | "diamond"> = {
  DOSED: "circle",
  PARTIAL: "triangle",
  MISSED: "cross",
  WITHHELD: "square",
  DECLINED: "diamond",
};
const SLOT_COLOUR = { AM: "#0b5c6b", PM: "#b45309" };
const LEGEND_SHAPE_COLOUR = "#334155";

function PointTooltip({ active, payload }: { active?: boolean; payload?: readonly { payload?: Partial<GivenPoint> }[] }) {
  const point = payload?.[0]?.payload;
  if (!active || !point?.label) return null;
  return <p className="rounded border border-slate-300 bg-white p-2 text-sm shadow">{point.label}</p>;
}

/**
 * Prescribed AM and PM doses as steps over time, to scale, and each session's outcome as a
 * point (coloured by session, shaped by outcome). The table below lists the same sessions; the
 * chart is one labelled image, without Recharts' keyboard layer (an empty Tab stop).
 */
export function DoseChart({ data }: { data: DoseChartData }) {
  const tickLabels = new Map(data.ticks.map((t) => [t.t, t.label]));
  const outcomes = GIVEN_OUTCOMES.filter((o) => data.given.some((g) => g.outcome === o));
  const period = `from ${formatLocalDate(data.from)} to ${formatLocalDate(data.to)}`;
  return (
    <>
      <div
        className="h-72 w-full"
        role="img"
        aria-label={`Chart of prescribed AM and PM doses and of the doses given, partial, missed, withheld or declined, ${period}; the table below lists the same sessions`}
      >
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart accessibilityLayer={false} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={data.domain}
              ticks={data.ticks.map((t) => t.t)}
              tickFormatter={(t: number) => tickLabels.get(t) ?? ""}
              allowDuplicatedCategory={false}
              padding={{ left: 12, right: 12 }}
            />
            <YAxis dataKey="mg" type="number" unit=" mg" width={70} domain={[0, "auto"]} />
            <Tooltip content={PointTooltip} />
            {/* In the order drawn: the prescription first, then the outcomes. */}
            <Legend itemSorter={null} />
            <Line data={data.prescribed} dataKey="am" name="Prescribed AM" type="stepAfter" stroke={SLOT_COLOUR.AM} strokeWidth={2} dot={false} activeDot={false} isAnimationActive={false} />
            <Line
              data={data.prescribed}
              dataKey="pm"
              name="Prescribed PM (dashed)"
              type="stepAfter"
              stroke={SLOT_COLOUR.PM}
              strokeWidth={2}
              strokeDasharray="6 3"
              dot={false}
              activeDot={false}
              isAnimationActive={false}
            />
            {outcomes.map((outcome) => (
              <Scatter
                key={outcome}
                data={data.given.filter((g) => g.outcome === outcome)}
                dataKey="mg"
                name={outcome === "DOSED" || outcome === "PARTIAL" ? GIVEN_OUTCOME_LABEL[outcome] : `${GIVEN_OUTCOME_LABEL[outcome]} (at 0 mg)`}
                shape={OUTCOME_SHAPE[outcome]}
                legendType={OUTCOME_SHAPE[outcome]}
                fill={LEGEND_SHAPE_COLOUR}
                isAnimationActive={false}
              >
                {data.given
                  .filter((g) => g.outcome === outcome)
                  .map((g) => (
                    <Cell key={`${g.t}-${g.slot}`} fill={SLOT_COLOUR[g.slot]} />
                  ))}
              </Scatter>
            ))}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <details className="mt-3">
        <summary className="inline-flex min-h-11 cursor-pointer items-center font-medium text-brand underline">Sessions as a table ({data.rows.length})</summary>
        {data.rows.length === 0 ? (
          <p>No dose session recorded {period}.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full border-collapse bg-white text-sm">
              <caption className="sr-only">Dose sessions {period}, newest first: the dose prescribed for each and what was given</caption>
              <thead>
                <tr className="border-b border-slate-300 text-left">
                  <th className="p-2">Date</th>
                  <th className="p-2">Session</th>
                  <th className="p-2">Prescribed</th>
                  <th className="p-2">Given</th>
                  <th className="p-2">Outcome</th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((r) => (
                  <tr key={`${r.date}-${r.slot}`} className="border-b border-slate-200">
                    <td className="p-2 whitespace-nowrap">{formatLocalDate(r.date)}</td>
                    <td className="p-2">{r.slot}</td>
                    <td className="p-2">{r.prescribedMg === null ? "none" : formatMg(r.prescribedMg)}</td>
                    <td className="p-2">{r.givenMg === null ? "none" : formatMg(r.givenMg)}</td>
                    <td className="p-2">{GIVEN_OUTCOME_LABEL[r.outcome]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </details>
    </>
  );
}
