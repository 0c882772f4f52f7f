"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type DosePoint = { date: string; am: number; pm: number };

/**
 * Prescribed AM and PM doses over time (a step per version). The table beside it carries the
 * same data; the chart is one labelled image, without Recharts' keyboard layer (an empty Tab stop).
 */
export function DoseChart({ points }: { points: DosePoint[] }) {
  return (
    <div className="h-64 w-full" role="img" aria-label="Chart of prescribed AM and PM doses over time; the versions table below has the same figures">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart accessibilityLayer={false} data={points} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="date" />
          <YAxis unit=" mg" width={70} />
          <Tooltip formatter={(value) => `${value} mg`} />
          <Legend />
          <Line type="stepAfter" dataKey="am" name="AM" stroke="#0b5c6b" strokeWidth={2} isAnimationActive={false} />
          <Line type="stepAfter" dataKey="pm" name="PM" stroke="#b45309" strokeWidth={2} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
