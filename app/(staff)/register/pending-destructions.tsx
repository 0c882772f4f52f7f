import { formatClinicDateTime, formatMg } from "@/domain/format";
import type { pendingDestructions } from "@/server/register";

/** Drawn doses not given, until the CD lead records their witnessed destruction (shown on Today and on the register). */
export function PendingDestructions({ pending, children }: { pending: Awaited<ReturnType<typeof pendingDestructions>>; children?: (item: Awaited<ReturnType<typeof pendingDestructions>>[number]) => React.ReactNode }) {
  return (
    <section aria-labelledby="pending-destructions" className="space-y-2 rounded border border-amber-300 bg-amber-50 p-4">
      <h2 id="pending-destructions" className="text-lg font-semibold">
        Drawn doses awaiting witnessed destruction
      </h2>
      <ul className="space-y-3">
        {pending.map((p) => (
          <li key={p.id} className="space-y-2">
            <p>
              {formatMg(p.mg)} of {p.product}, batch {p.batch}, drawn {formatClinicDateTime(p.drawnAt)} by {p.drawnBy} for {p.reference}: {p.reason.toLowerCase()}.
            </p>
            {children?.(p)}
          </li>
        ))}
      </ul>
    </section>
  );
}
