import Link from "next/link";
import type { ReactNode } from "react";
import { requirePermission } from "@/auth/session";
import { db } from "@/db/client";

import { formatClinicDateTime, formatLocalDate, formatTime, formatTimeWithSeconds } from "@/domain/format";
import { licenceStatusLabel } from "@/domain/licences";
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

function PersonLink({ participantId, name, reference, hold }: { participantId: string; name: string; reference: string; hold?: string }) {
  return (
    <Link href={`/prescribing/${participantId}${hold ? `?hold=${hold}` : ""}`} className="inline-flex min-h-11 items-center font-medium text-brand underline">
      {name} · {reference}
    </Link>
  );
}

/** Holds waiting for a prescriber: who, why, and since when. */
function HoldItems({ holds }: { holds: { holdId: string; participantId: string; reference: string; name: string; reason: string; placedAt: Date }[] }) {
  return holds.map((h) => (
    <li key={h.holdId} className="py-2">
      <PersonLink {...h} hold={h.holdId} />
      <p className="text-sm">
        {h.reason} · since {formatClinicDateTime(h.placedAt)}
      </p>
    </li>
  ));
}

export default async function PrescribingPage() {
  const actor = await requirePermission("prescription.write");
  const now = new Date();
  const version = await todayVersion(db(), actor.siteId, now);
  const queue = await reviewQueue(db(), actor.siteId, now);
  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold">Prescribing</h1>
        <LiveUpdates version={version} updatedAt={formatTimeWithSeconds(now)} />
      </header>
      <div className="grid gap-4 lg:grid-cols-2">
        <Queue title="Late doses waiting for authorisation" empty="No late dose is waiting." count={queue.lateDoses.length}>
          {queue.lateDoses.map((l) => (
            <li key={`${l.participantId}-${l.session.date}-${l.session.slot}`} className="py-2">
              <p className="font-medium">
                {l.name} · {l.reference}
              </p>
              <p className="text-sm">
                Checked in after the {l.session.slot} window closed: authorise on{" "}
                <Link href="/today" className="inline-flex min-h-11 items-center font-medium text-brand underline">
                  Today
                </Link>{" "}
                by {formatTime(l.until)}
              </p>
            </li>
          ))}
        </Queue>
        <Queue title="Sessions waiting after an outage" empty="No session is waiting after an outage." count={queue.outages.length}>
          {queue.outages.map((o) => (
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
        <Queue title="Hard holds awaiting review" empty="No hard holds." count={queue.hardHolds.length}>
          <HoldItems holds={queue.hardHolds} />
        </Queue>
        <Queue title="Above a lowered dose limit" empty="No prescription is above the clinic's limits." count={queue.limitHolds.length}>
          <HoldItems holds={queue.limitHolds} />
        </Queue>
        <Queue title="Needs a first prescription" empty="Everyone enrolled has a prescription." count={queue.needsFirstPrescription.length}>
          {queue.needsFirstPrescription.map((p) => (
            <li key={p.participantId} className="py-2">
              <PersonLink {...p} />
            </li>
          ))}
        </Queue>
        <Queue title="In induction or titration" empty="Nobody is titrating." count={queue.titrating.length}>
          {queue.titrating.map((p) => (
            <li key={p.participantId} className="py-2">
              <PersonLink {...p} />
              <p className="text-sm">Titrating since {formatClinicDateTime(p.since)}: record the stable dose when it is reached</p>
            </li>
          ))}
        </Queue>
        <Queue
          title={`Prescription review due within a week or past (soft hold after the date, hard hold ${queue.review.graceDays} days later)`}
          empty="No reviews due."
          count={queue.reviewsDue.length}
        >
          {queue.reviewsDue.map((p) => (
            <li key={p.participantId} className="py-2">
              <PersonLink {...p} />
              <p className="text-sm">Review by {formatLocalDate(p.reviewBy)}</p>
            </li>
          ))}
        </Queue>
        <Queue
          title={`Prescriber licences expiring within ${queue.licenceWarningDays} days or not in force`}
          empty="Every prescriber here holds a licence for this clinic beyond the next 30 days."
          count={queue.licences.length}
        >
          {queue.licences.map((l) => (
            <li key={l.prescriberId} className="py-2">
              <p className="font-medium">{l.name}</p>
              <p className="text-sm">{licenceStatusLabel(l.status)}. The clinic administrator records licences.</p>
            </li>
          ))}
        </Queue>
        <Queue title="Adverse events in the last 7 days" empty="No adverse events." count={queue.adverseEvents.length}>
          {queue.adverseEvents.map((a, i) => (
            <li key={`${a.participantId}-${i}`} className="py-2">
              <PersonLink {...a} />
              <p className="text-sm">
                {a.kind.replaceAll("_", " ").toLowerCase()} · {formatClinicDateTime(a.occurredAt)}: {a.description}
              </p>
            </li>
          ))}
        </Queue>
      </div>
    </div>
  );
}
