import Link from "next/link";
import { requirePermission } from "@/auth/session";
import { db } from "@/db/client";
import { clinicDate } from "@/domain/clinic-time";
import { formatLocalDate } from "@/domain/format";
import { TOP_STAGE_LABEL } from "@/domain/labels";
import { TOP_WINDOW_DAYS } from "@/domain/top-schedule";
import { topDueList } from "@/server/top-assessments";

export const metadata = { title: "TOP due" };

export default async function TopDuePage() {
  const actor = await requirePermission("participant.read");
  const { reviewMonths, rows } = await topDueList(db(), actor.siteId, clinicDate(new Date()));

  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">TOP due</h1>
        <p>
          Treatment Outcomes Profiles due now or overdue: Start at enrolment, Review every {reviewMonths} months, Exit at exit. A TOP within{" "}
          {TOP_WINDOW_DAYS} days of its due date counts for it.
        </p>
        <p>
          <a href="/api/ndtms/top" className="inline-flex min-h-11 items-center text-brand underline">
            Download every TOP for the NDTMS return (CSV)
          </a>
        </p>
      </header>
      {rows.length === 0 ? (
        <p>No TOP is due.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse bg-white">
            <caption className="sr-only">TOPs due or overdue, the longest overdue first</caption>
            <thead>
              <tr className="border-b border-slate-300 text-left">
                <th className="p-2">Participant</th>
                <th className="p-2">TOP</th>
                <th className="p-2">Due</th>
                <th className="p-2">Status</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.participantId} className="border-b border-slate-200">
                  <td className="p-2">
                    <Link href={`/participants/${row.participantId}/evidence`} className="inline-flex min-h-11 items-center text-brand underline">
                      {row.name} ({row.reference})
                    </Link>
                    {row.onBreak ? <span className="ml-2 rounded bg-amber-100 px-2 py-0.5 text-sm">On break</span> : null}
                  </td>
                  <td className="p-2">{TOP_STAGE_LABEL[row.stage]}</td>
                  <td className="p-2 whitespace-nowrap">{formatLocalDate(row.dueOn)}</td>
                  <td className="p-2">{row.status === "overdue" ? <strong className="text-danger">Overdue</strong> : "Due"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
