"use client";

import { useEffect } from "react";
import { clockSkewWarning } from "@/domain/clock-skew";
import { formatTime } from "@/domain/format";
import { estimateFromRender, useClockSkew, useServerNow } from "./server-clock";

/**
 * The clinic's time now, by the server's clock (Europe/London), and a warning when this
 * tablet's own clock is more than a minute out (src/domain/clock-skew.ts). `renderedAt` is
 * the server's time when it rendered the page: what is shown until the first answer of the
 * live version check measures the tablet's clock.
 */
export function ClinicClock({ renderedAt }: { renderedAt: string }) {
  useEffect(() => estimateFromRender(renderedAt), [renderedAt]);
  const now = useServerNow();
  const skew = useClockSkew();
  const shown = new Date(now ?? Date.parse(renderedAt));
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-700">
        Clinic time <time dateTime={shown.toISOString()} className="font-semibold text-slate-900">{formatTime(shown)}</time> (clinic system&apos;s clock, UK time)
      </p>
      {skew ? (
        <p role="alert" className="rounded border border-danger bg-red-50 px-3 py-2 font-medium text-danger">
          {clockSkewWarning(skew)}
        </p>
      ) : null}
    </div>
  );
}
