import Link from "next/link";
import { requirePermission } from "@/auth/session";
import { db } from "@/db/client";
import { formatClinicDateTime } from "@/domain/format";
import { listAuditEvents, type AuditFilter } from "@/server/audit-log";
import { AuditFilterInput } from "@/server/audit-log.input";
import { listUsers } from "@/server/users";
import { DateField } from "@/ui/date-field";

export const metadata = { title: "Audit trail" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requirePermission("audit.read");
  const raw = await searchParams;
  const parsed = AuditFilterInput.safeParse(raw);
  const filter: AuditFilter = parsed.success ? parsed.data : {};
  const [events, users] = await Promise.all([listAuditEvents(db(), filter), listUsers(db())]);
  const query = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => Boolean(e[1]))).toString();

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Audit trail</h1>
      {!parsed.success ? (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-danger">
          {parsed.error.issues[0]?.message} The filter was not applied.
        </p>
      ) : null}
      <form method="get" className="grid gap-4 rounded border border-slate-300 bg-white p-4 sm:grid-cols-2 lg:grid-cols-5">
        <div>
          <label htmlFor="userId" className="block font-medium">
            User
          </label>
          <select id="userId" name="userId" defaultValue={filter.userId ?? ""} className="mt-1 w-full rounded border border-slate-500 bg-white px-3 py-2">
            <option value="">Anyone</option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="participantReference" className="block font-medium">
            Participant reference
          </label>
          <input id="participantReference" name="participantReference" defaultValue={filter.participantReference ?? ""} className="mt-1 w-full rounded border border-slate-500 px-3 py-2" />
        </div>
        <div>
          <label htmlFor="action" className="block font-medium">
            Action starts with
          </label>
          <input id="action" name="action" defaultValue={filter.action ?? ""} className="mt-1 w-full rounded border border-slate-500 px-3 py-2" />
        </div>
        <DateField name="from" label="From" defaultValue={filter.from} />
        <DateField name="to" label="To" defaultValue={filter.to} />
        <div className="flex flex-wrap gap-3 sm:col-span-2 lg:col-span-5">
          <button type="submit" className="rounded bg-brand px-5 py-3 font-medium text-white">
            Filter
          </button>
          <Link href={`/api/admin/audit?${query}`} className="inline-flex min-h-11 items-center rounded border border-brand px-5 py-2 text-brand" prefetch={false}>
            Download CSV
          </Link>
        </div>
      </form>
      <div className="overflow-x-auto">
        <table className="w-full border-collapse bg-white text-sm">
          <caption className="sr-only">Audit events, newest first</caption>
          <thead>
            <tr className="border-b border-slate-300 text-left">
              <th className="p-2">When</th>
              <th className="p-2">Who</th>
              <th className="p-2">Action</th>
              <th className="p-2">Record</th>
              <th className="p-2">Participant</th>
              <th className="p-2">Details</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id} className="border-b border-slate-200 align-top">
                <td className="p-2 whitespace-nowrap">{formatClinicDateTime(e.at)}</td>
                <td className="p-2">{e.actor}</td>
                <td className="p-2 font-mono">{e.action}</td>
                <td className="p-2">{e.entity}</td>
                <td className="p-2">{e.participantReference ?? ""}</td>
                <td className="p-2 break-all">
                  {e.summary}
                  {e.reason ? <span className="block text-warn">Reason: {e.reason}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {events.length === 0 ? <p className="p-4">No audit events match.</p> : null}
      </div>
    </div>
  );
}
