"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type TopPoint = {
  date: string;
  opiateDays: number;
  crackDays: number;
  injectedDays: number;
  shopliftingDays: number;
  psychologicalHealth: number;
  physicalHealth: number;
  qualityOfLife: number;
};

const DAYS = [
  { key: "opiateDays", name: "Illicit opiates", colour: "#0b5c6b" },
  { key: "crackDays", name: "Crack", colour: "#b45309" },
  { key: "injectedDays", name: "Injected outside the clinic", colour: "#7c3aed" },
  { key: "shopliftingDays", name: "Shoplifting", colour: "#be123c" },
] as const;

const RATINGS = [
  { key: "psychologicalHealth", name: "Psychological health", colour: "#0b5c6b" },
  { key: "physicalHealth", name: "Physical health", colour: "#b45309" },
  { key: "qualityOfLife", name: "Quality of life", colour: "#15803d" },
] as const;

/**
 * A participant's TOP answers over time: days in the past 28, and the 0–20 ratings. The answers
 * table carries the same figures; each chart is one labelled image, without Recharts' keyboard
 * layer (an empty Tab stop).
 */
export function TopChart({ points }: { points: TopPoint[] }) {
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <SmallChart points={points} lines={DAYS} max={28} label="Days in the past 28 at each TOP: illicit opiates, crack, injecting and shoplifting" />
      <SmallChart points={points} lines={RATINGS} max={20} label="TOP ratings from 0 (poor) to 20 (good): psychological health, physical health, quality of life" />
    </div>
  );
}

function SmallChart({ points, lines, max, label }: { points: TopPoint[]; lines: readonly { key: keyof TopPoint; name: string; colour: string }[]; max: number; label: string }) {
  return (
    <div className="h-64 w-full rounded border border-slate-300 bg-white p-2" role="img" aria-label={`${label}. The TOP answers table below has the same figures.`}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart accessibilityLayer={false} data={points} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="date" />
          <YAxis domain={[0, max]} allowDecimals={false} width={32} />
          <Tooltip />
          <Legend />
          {lines.map((line) => (
            <Line key={line.key} type="linear" dataKey={line.key} name={line.name} stroke={line.colour} strokeWidth={2} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
