"use client";

import { formatTime } from "@/domain/format";
import { useServerNow } from "@/ui/server-clock";

/**
 * Time left under observation, ticking each second by the server's clock, not the tablet's
 * (a tablet 40 minutes fast said "sign off" while the server refused). The server decides
 * whether sign-off is allowed; this only tells the nurse when it will be. The first render
 * (on the server and before the first tick) shows just the end time, so both renders agree.
 */
export function ObservationCountdown({ endsAt }: { endsAt: Date }) {
  const now = useServerNow();

  const until = formatTime(endsAt);
  const left = now === null ? null : endsAt.getTime() - now;
  let text = `Under observation until ${until}`;
  if (left !== null && left <= 0) text = `Observation complete at ${until}: sign off`;
  else if (left !== null) {
    const seconds = Math.ceil(left / 1000);
    text = `Under observation until ${until}: ${Math.floor(seconds / 60)} min ${seconds % 60} s left`;
  }
  return (
    <p role="timer" aria-label="Observation" className={`rounded px-3 py-2 font-medium ${left !== null && left <= 0 ? "bg-emerald-50 text-emerald-900" : "bg-amber-50 text-warn"}`}>
      {text}
    </p>
  );
}
