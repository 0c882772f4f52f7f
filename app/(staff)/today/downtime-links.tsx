import Link from "next/link";
import type { SessionKey } from "@/domain/clinic-time";
import { downtimeSheetSessions } from "@/domain/downtime-sheet";

/** The paper fallback, printed ahead: the downtime sheet for the session being worked and the next. */
export function DowntimeLinks({ current }: { current: SessionKey }) {
  const [now, next] = downtimeSheetSessions(current);
  const href = (session: SessionKey) => `/today/downtime?date=${session.date}&slot=${session.slot}`;
  return (
    <p className="flex flex-wrap items-center gap-x-4 text-sm">
      <span>Downtime sheet to print:</span>
      <Link href={href(now)} className="inline-flex min-h-11 items-center font-medium text-brand underline">
        this session ({now.slot})
      </Link>
      <Link href={href(next)} className="inline-flex min-h-11 items-center font-medium text-brand underline">
        next session ({next.slot})
      </Link>
    </p>
  );
}
