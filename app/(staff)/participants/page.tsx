import Link from "next/link";
import { z } from "zod";
import { can } from "@/auth/permissions";
import { requirePermission } from "@/auth/session";
import { db } from "@/db/client";
import { formatLocalDate } from "@/domain/format";
import { STATUS_LABEL, type ParticipantStatus } from "@/domain/participant-status";
import { listParticipants } from "@/server/participant-views";
import { StatusBadge } from "@/ui/status-badge";

export const metadata = { title: "Participants" };

const STATUSES = Object.keys(STATUS_LABEL) as ParticipantStatus[];
const Filter = z.object({
  q: z.string().max(100).optional().catch(undefined),
  status: z.enum(STATUSES as [ParticipantStatus, ...ParticipantStatus[]]).optional().catch(undefined),
});

export default async function ParticipantsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requirePermission("participant.read");
  const filter = Filter.parse(await searchParams);
  const participants = await listParticipants(db(), actor.siteId, { search: filter.q, status: filter.status });

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Participants</h1>
        {can(actor.role, "participant.manage") ? (
          <Link href="/participants/new" className="inline-flex min-h-11 items-center rounded bg-brand px-5 py-2 font-medium text-white">
            Record a referral
          </Link>
        ) : null}
      </div>
      <form method="get" role="search" className="flex flex-wrap items-end gap-3 rounded border border-slate-300 bg-white p-4">
        <div className="min-w-56 flex-1">
          <label htmlFor="q" className="block font-medium">
            Name or reference
          </label>
          <input id="q" name="q" defaultValue={filter.q ?? ""} className="mt-1 w-full rounded border border-slate-500 px-3 py-2" />
        </div>
        <div>
          <label htmlFor="status" className="block font-medium">
            Status
          </label>
          <select id="status" name="status" defaultValue={filter.status ?? ""} className="mt-1 rounded border border-slate-500 bg-white px-3 py-2">
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="rounded bg-brand px-5 py-3 font-medium text-white">
          Search
        </button>
      </form>
      <ul className="divide-y divide-slate-200 rounded border border-slate-300 bg-white">
        {participants.map((p) => (
          <li key={p.id}>
            <Link href={`/participants/${p.id}`} className="flex min-h-14 flex-wrap items-center justify-between gap-2 px-4 py-3 hover:bg-slate-50">
              <span>
                <span className="font-medium">{p.name}</span> <span className="text-slate-600">· {p.reference}</span>
              </span>
              <span className="flex items-center gap-3 text-sm">
                {p.since ? <span className="text-slate-600">since {formatLocalDate(p.since)}</span> : null}
                <StatusBadge status={p.status} />
              </span>
            </Link>
          </li>
        ))}
      </ul>
      {participants.length === 0 ? <p>No participants match.</p> : null}
    </div>
  );
}
