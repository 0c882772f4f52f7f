"use client";

import { Area, Bar, BarChart, CartesianGrid, ComposedChart, LabelList, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/**
 * The board's charts. Each draws released rows only (hidden figures are gaps); the table
 * beside each chart carries the same figures for screen readers and print. Each chart is
 * one labelled image, so Recharts' keyboard layer (a focusable role="application" inside
 * the role="img", hidden from screen readers) is off: it was an empty Tab stop. Animation is
 * off so a printed chart is drawn whole.
 */

const COLOURS = ["#0b5c6b", "#b45309", "#6d28d9", "#15803d", "#be123c", "#1d4ed8"];
const percent = (value: unknown) => (Array.isArray(value) ? value.map((v) => `${Number(v).toFixed(1)}%`).join(" to ") : `${Number(value).toFixed(1)}%`);

function Frame({ label, children }: { label: string; children: React.ReactElement }) {
  return (
    <div className="h-72 w-full print:h-56" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        {children}
      </ResponsiveContainer>
    </div>
  );
}

export type CurveSeries = { cohort: string; points: { month: number; retained: number | null; band: [number, number] | null }[] };

/** Kaplan–Meier step curves by month since enrolment, one per enrolment cohort, each with its 95% band. */
export function RetentionCurveChart({ series }: { series: CurveSeries[] }) {
  return (
    <Frame label="Chart of the share of each enrolment cohort still in treatment by months since enrolment, with 95% confidence bands; the table below has the same figures">
      <ComposedChart accessibilityLayer={false} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="month" type="number" unit=" mo" domain={[0, "dataMax"]} allowDuplicatedCategory={false} />
        <YAxis domain={[0, 100]} unit="%" width={56} />
        <Tooltip formatter={percent} labelFormatter={(month) => `Month ${month}`} />
        <Legend />
        {series.map((s, i) => (
          <Area
            key={`${s.cohort}-band`}
            data={s.points}
            dataKey="band"
            name={`${s.cohort === "All" ? "All cohorts" : `Enrolled ${s.cohort}`}: 95% band`}
            type="stepAfter"
            stroke="none"
            fill={COLOURS[i % COLOURS.length]}
            fillOpacity={0.12}
            legendType="none"
            isAnimationActive={false}
          />
        ))}
        {series.map((s, i) => (
          <Line
            key={s.cohort}
            data={s.points}
            dataKey="retained"
            name={s.cohort === "All" ? "All cohorts" : `Enrolled ${s.cohort}`}
            type="stepAfter"
            stroke={COLOURS[i % COLOURS.length]}
            strokeWidth={s.cohort === "All" ? 3 : 2}
            dot={false}
            isAnimationActive={false}
          />
        ))}
      </ComposedChart>
    </Frame>
  );
}

export type MonthlyPoint = { month: string; attendance: number | null; urineNegative: number | null };

/** Attendance and street-heroin-negative screens per month, as percentages. */
export function MonthlyRatesChart({ points }: { points: MonthlyPoint[] }) {
  return (
    <Frame label="Chart of monthly session attendance and the share of urine screens negative for street heroin; the table below has the same figures">
      <LineChart accessibilityLayer={false} data={points} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="month" />
        <YAxis domain={[0, 100]} unit="%" width={56} />
        <Tooltip formatter={percent} />
        <Legend />
        <Line dataKey="attendance" name="Attendance" stroke={COLOURS[0]} strokeWidth={2} isAnimationActive={false} />
        <Line dataKey="urineNegative" name="Screens negative for street heroin" stroke={COLOURS[1]} strokeWidth={2} isAnimationActive={false} />
      </LineChart>
    </Frame>
  );
}

export type BeforeDuringBar = { measure: string; before: number | null; during: number | null; beforePeople: string; duringPeople: string };

/** Offending in the year before entry against time on programme, each bar labelled with the people behind it. */
export function OffendingChart({ bars }: { bars: BeforeDuringBar[] }) {
  return (
    <Frame label="Bar chart of offences per person and median offence severity, before entry and on programme, each bar labelled with the number of people behind it; the table below has the same figures">
      <BarChart accessibilityLayer={false} data={bars} margin={{ top: 20, right: 16, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="measure" />
        <YAxis width={56} />
        <Tooltip />
        <Legend />
        <Bar dataKey="before" name="12 months before entry" fill={COLOURS[1]} isAnimationActive={false}>
          <LabelList dataKey="beforePeople" position="top" fontSize={12} />
        </Bar>
        <Bar dataKey="during" name="On programme" fill={COLOURS[0]} isAnimationActive={false}>
          <LabelList dataKey="duringPeople" position="top" fontSize={12} />
        </Bar>
      </BarChart>
    </Frame>
  );
}

export type StartReviewBar = { measure: string; start: number | null; review: number | null };

/** TOP means at Start and at the latest Review. */
export function TopChangeChart({ bars }: { bars: StartReviewBar[] }) {
  return (
    <Frame label="Bar chart of Treatment Outcomes Profile means at Start and at the latest Review; the table below has the same figures">
      <BarChart accessibilityLayer={false} data={bars} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis type="number" domain={[0, 28]} />
        <YAxis type="category" dataKey="measure" width={170} />
        <Tooltip formatter={(value) => Number(value).toFixed(1)} />
        <Legend />
        <Bar dataKey="start" name="Start" fill={COLOURS[1]} isAnimationActive={false} />
        <Bar dataKey="review" name="Latest review" fill={COLOURS[0]} isAnimationActive={false} />
      </BarChart>
    </Frame>
  );
}

export type StatusBar = { status: string; people: number };

/** Status of everyone ever enrolled; hidden groups are not drawn (the table says why). */
export function StatusChart({ bars }: { bars: StatusBar[] }) {
  return (
    <Frame label="Bar chart of episodes active, on a temporary break and exited; the table below has the same figures">
      <BarChart accessibilityLayer={false} data={bars} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="status" />
        <YAxis allowDecimals={false} width={40} />
        <Tooltip />
        <Bar dataKey="people" name="Episodes" fill={COLOURS[0]} isAnimationActive={false} />
      </BarChart>
    </Frame>
  );
}
