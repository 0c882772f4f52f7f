import Link from "next/link";
import type { ReactNode } from "react";
import { requirePermission } from "@/auth/session";
import { db } from "@/db/client";
import { formatClinicDateTime, formatLocalDate, formatTime, formatTimeWithSeconds } from "@/domain/format";
import { licenceStatusLabel } from "@/domain/licences";
import { reasonHeadline, type QueueEntry, type QueueReason } from "@/domain/review-queue";
import { reviewQueue } from "@/server/review-queue";
import { todayVersion } from "@/server/today-version";
import { LiveUpdates } from "@/ui/live-updates";

export const metadata = { title: "Prescribing" };

function Queue({ title, empty, children, count }: { title: string; empty: string; count: number; children: ReactNode }) {
  return (
    <section aria-label={title} className="rounded border border-slate-300 bg-white p-4">
      <h2 className="mb-2 text-lg font-semibold">
        {title} <span className="text-slate-600">({count})</span>
      </h2>
      {count === 0 ? <p className="text-slate-600">{empty}</p> : <ul className="divide-y divide-slate-200">{children}</ul>}
    </section>
  );
}

/** What the prescriber needs to know beside the headline: the details and what to do. */
function ReasonDetail({ reason }: { reason: QueueReason }) {
  switch (reason.kind) {
    case "LATE_DOSE":
      return (
        <>
          Checked in after the {reason.session.slot} window closed: authorise on{" "}
          <Link href="/today" className="inline-flex min-h-11 items-center font-medium text-brand underline">
            Today
          </Link>{" "}
          by {formatTime(reason.until)}
        </>
      );
    case "HARD_HOLD":
    case "LIMIT_HOLD":
      return (
        <>
          {reason.reason} · since {formatClinicDateTime(reason.since)}
        </>
      );
    case "REVIEW_OVERDUE":
      return reason.hardFrom ? (
        <>
          Was due by {formatLocalDate(reason.reviewBy)}: doses are under a soft hold, a hard hold from {formatLocalDate(reason.hardFrom)}
        </>
      ) : (
        <>Was due by {formatLocalDate(reason.reviewBy)}: no dose until a new prescription is written</>
      );
    case "NO_PRESCRIPTION":
      return <>Enrolled without a prescription: the first dose needs one</>;
    case "REVIEW_DUE":
      return <>Review by {formatLocalDate(reason.reviewBy)}</>;
    case "TITRATING":
      return <>Since {formatClinicDateTime(reason.since)}: record the stable dose when it is reached</>;
  }
}

/** A reason that stops or limits the next dose is flagged, in words as well as colour. */
const STOPS_A_DOSE: QueueReason["kind"][] = ["LATE_DOSE", "HARD_HOLD", "REVIEW_OVERDUE", "NO_PRESCRIPTION"];

function QueueEntryItem({ entry }: { entry: QueueEntry }) {
  // Opening the person's page with a hold chosen makes the new prescription clear that hold.
  const hold = entry.reasons.flatMap((r) => (r.kind === "HARD_HOLD" || r.kind === "LIMIT_HOLD" ? [r.holdId] : []))[0];
  return (
    <li className="py-2">
      <Link href={`/prescribing/${entry.participantId}${hold ? `?hold=${hold}` : ""}`} className="inline-flex min-h-11 items-center font-medium text-brand underline">
        {entry.name} · {entry.reference}
      </Link>
      {entry.reasons.map((reason, i) => (
        <p key={i} className="text-sm">
          <strong className={STOPS_A_DOSE.includes(reason.kind) ? "text-danger" : undefined}>{reasonHeadline(reason)}</strong>: <ReasonDetail reason={reason} />
        </p>
      ))}
    </li>
  );
}

export default async function PrescribingPage() {
  const actor = await requirePermission("prescription.write");
  const now = new Date();
  const version = await todayVersion(db(), actor.siteId, now);
  const { queue, adverseEvents, licences, licenceWarningDays, outages } = await reviewQueue(db(), actor.siteId, now);
  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold">Prescribing</h1>
        <LiveUpdates version={version} updatedAt={formatTimeWithSeconds(now)} />
      </header>
      <section aria-labelledby="queue-heading" className="rounded border border-slate-300 bg-white p-4">
        <h2 id="queue-heading" className="text-lg font-semibold">
          Waiting for a prescriber <span className="text-slate-600">({queue.length})</span>
        </h2>
        <p className="mb-2 text-sm text-slate-700">
          Most urgent first: late doses and hard holds, then reviews overdue (longest first), people without a prescription, lowered limits, reviews due today and
          this week, and titrations.
        </p>
        {queue.length === 0 ? (
          <p className="text-slate-600">Nobody is waiting.</p>
        ) : (
          <ol className="divide-y divide-slate-200">
            {queue.map((entry) => (
              <QueueEntryItem key={entry.participantId} entry={entry} />
            ))}
          </ol>
        )}
      </section>
      <div className="grid gap-4 lg:grid-cols-2">
        <Queue title="Sessions waiting after an outage" empty="No session is waiting after an outage." count={outages.length}>
          {outages.map((o) => (
            <li key={`${o.session.date}-${o.session.slot}`} className="py-2">
              <Link href="/back-entry" className="inline-flex min-h-11 items-center font-medium text-brand underline">
                {o.session.slot} session, {formatLocalDate(o.session.date)}
              </Link>
              <p className="text-sm">
                {o.noStepRecorded ? "No step recorded: nobody marked missed, no hold placed. " : ""}
                {o.entriesWaiting > 0 ? `${o.entriesWaiting} dose(s) from paper to approve.` : "Confirm it ran without the system, or wait for the doses from paper."}
              </p>
            </li>
          ))}
        </Queue>
        <Queue title="Adverse events in the last 7 days" empty="No adverse events." count={adverseEvents.length}>
          {adverseEvents.map((a, i) => (
            <li key={`${a.participantId}-${i}`} className="py-2">
              <Link href={`/prescribing/${a.participantId}`} className="inline-flex min-h-11 items-center font-medium text-brand underline">
                {a.name} · {a.reference}
              </Link>
              <p className="text-sm">
                {a.kind.replaceAll("_", " ").toLowerCase()} · {formatClinicDateTime(a.occurredAt)}: {a.description}
              </p>
            </li>
          ))}
        </Queue>
        <Queue
          title={`Prescriber licences expiring within ${licenceWarningDays} days or not in force`}
          empty="Every prescriber here holds a licence for this clinic beyond the next 30 days."
          count={licences.length}
        >
          {licences.map((l) => (
            <li key={l.prescriberId} className="py-2">
              <p className="font-medium">{l.name}</p>
              <p className="text-sm">{licenceStatusLabel(l.status)}. The clinic administrator records licences.</p>
            </li>
          ))}
        </Queue>
      </div>
    </div>
  );
}
