import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePermission } from "@/auth/session";
import { db } from "@/db/client";
import { clinicDate, dbDateToLocal, localDaysBetween } from "@/domain/clinic-time";
import { DOSE_CHART_WEEKS, doseChartData, doseChartRange } from "@/domain/dose-chart";
import type { SessionDoses } from "@/domain/dosing-limits";
import { formatClinicDateTime, formatLocalDate, formatMg } from "@/domain/format";
import { DOSE_ROUTE_LABEL, ORAL_DRUG_LABEL, options } from "@/domain/labels";
import { laterSessionStarts, latestReviewBy, reviewState } from "@/domain/prescription-review";
import { holdNeedsNewPrescription, restartProposal, type LastDoses } from "@/domain/restart";
import { recordParticipantPage } from "@/server/access-audit";
import { isInductionDay, isTitrating } from "@/domain/titration";
import { sessionValue } from "@/server/prescriptions.input";
import { doseReference, firstDoseGiven, lastDosesGiven } from "@/server/prescriptions";
import { participantDoseStrip } from "@/server/participant-summary";
import { doseOutcomes, prescribingRecord } from "@/server/review-queue";
import { siteSettings } from "@/server/settings";
import { ActionForm, SelectField, TextAreaField } from "@/ui/action-form";
import { DateField } from "@/ui/date-field";
import { DoseStrip } from "@/ui/dose-strip";
import { clearHoldAction, placeHoldAction, prescribeAction } from "../actions";
import { DoseChart } from "./dose-chart";
import { DoseFields } from "./dose-fields";

export const metadata = { title: "Prescribing" };

/** What a restart is based on: the last dose given in each session, how long ago, and the proposal. */
function RestartFacts({ last, proposal, sharePercent, now }: { last: LastDoses & { amAt: Date | null; pmAt: Date | null }; proposal: SessionDoses; sharePercent: number; now: Date }) {
  const given = (slot: "AM" | "PM", mg: number | null, at: Date | null) =>
    mg && at ? `${slot} ${formatMg(mg)} on ${formatClinicDateTime(at)} (${localDaysBetween(clinicDate(at), clinicDate(now))} days ago)` : `${slot}: none in this episode`;
  return (
    <div role="note" className="rounded border border-amber-300 bg-amber-50 p-3">
      <p className="font-semibold">Restart after a gap</p>
      <p>Last dose given: {given("AM", last.amMg, last.amAt)}; {given("PM", last.pmMg, last.pmAt)}.</p>
      <p>
        Proposed restart at {sharePercent}% of it: AM {formatMg(proposal.amMg)}, PM {formatMg(proposal.pmMg)}. Restarting at or above the last dose needs a recorded reason.
      </p>
    </div>
  );
}

export default async function ParticipantPrescribingPage({ params, searchParams }: { params: Promise<{ participantId: string }>; searchParams: Promise<{ hold?: string }> }) {
  const actor = await requirePermission("prescription.write");
  const { participantId } = await params;
  const { hold: holdToClear } = await searchParams;
  const [record, settings] = await Promise.all([prescribingRecord(db(), actor.siteId, participantId), siteSettings(db(), actor.siteId)]);
  await recordParticipantPage(actor, "prescribing", participantId, record !== null);
  if (!record) notFound();
  const current = record.prescriptions.find((p) => p.episodeId === record.episode?.id) ?? null;
  const openHolds = record.holds.filter((h) => !h.clearance);
  const clearing = openHolds.find((h) => h.id === holdToClear) ?? openHolds.find((h) => h.kind === "HARD");
  const now = new Date();
  const strip = await participantDoseStrip(db(), actor.siteId, participantId, now, settings.sessionWindows);
  const [reference, lastGiven, firstDose] = record.episode
    ? await Promise.all([doseReference(db(), record.episode.id, current !== null, now), lastDosesGiven(db(), record.episode.id), firstDoseGiven(db(), record.episode.id)])
    : [null, null, null];
  const titrating = record.episode !== null && record.episode.titrationFrom !== null && isTitrating(record.episode, now, settings.titrationDays);
  const inForce = record.prescriptions.find((p) => p.episodeId === record.episode?.id && p.startsAt <= now) ?? null;
  const review = inForce ? reviewState(dbDateToLocal(inForce.reviewBy), clinicDate(now), settings.prescriptionReview) : null;
  const later = laterSessionStarts(now, settings.sessionWindows, settings.doseTiming);
  // A hold for lost tolerance is cleared only by a restart prescription, proposed at a share of the last dose given.
  const restarting = clearing && holdNeedsNewPrescription(clearing.source) && lastGiven ? lastGiven : null;
  const proposal = restarting ? restartProposal(restarting, settings.restartSharePercent) : null;
  // The chart follows this episode's prescriptions: a dose from before an exit says nothing of today's tolerance.
  const episodePrescriptions = record.prescriptions.filter((p) => p.episodeId === record.episode?.id);
  const chartRange = record.episode ? doseChartRange(episodePrescriptions, clinicDate(now)) : null;
  const chart =
    record.episode && chartRange
      ? doseChartData(episodePrescriptions, await doseOutcomes(db(), record.episode.id, chartRange.from, chartRange.to), chartRange, settings.sessionWindows)
      : null;

  return (
    <div className="space-y-8">
      <header>
        <h1 className="text-2xl font-semibold">Prescribing: {record.name}</h1>
        <p>
          <Link href={`/participants/${record.id}`} className="text-brand underline">
            {record.reference}
          </Link>
          {titrating ? <span className="ml-3 rounded bg-sky-100 px-2 py-0.5 text-sm">Titrating since {formatClinicDateTime(record.episode!.titrationFrom!)}</span> : null}
        </p>
      </header>

      {strip ? (
        <section aria-labelledby="dose-strip-heading" className="rounded border border-slate-300 bg-white p-4">
          <h2 id="dose-strip-heading" className="mb-2 text-xl font-semibold">
            Doses in the last 14 days
          </h2>
          <DoseStrip strip={strip} headingId="dose-strip-heading" />
        </section>
      ) : null}

      <section aria-labelledby="current-heading" className="rounded border border-slate-300 bg-white p-4">
        <h2 id="current-heading" className="text-xl font-semibold">
          Current prescription
        </h2>
        {current ? (
          <p className="mt-2 text-lg">
            v{current.version}: AM <strong>{formatMg(current.amDoseMg)}</strong>, PM <strong>{formatMg(current.pmDoseMg)}</strong>, {DOSE_ROUTE_LABEL[current.route]}
            {current.oralDrug ? ` · ${ORAL_DRUG_LABEL[current.oralDrug]} ${formatMg(current.oralDoseMgPerDay ?? 0)} a day` : ""}
            {current.transferToOral ? " · transferring to oral treatment" : ""}
          </p>
        ) : (
          <p className="mt-2">No prescription yet in this episode: the first dose needs one.</p>
        )}
        {inForce && review ? (
          <p className={`mt-2 ${review.state === "IN_DATE" ? "" : "rounded bg-red-50 p-2 font-medium text-danger"}`}>
            Review by {formatLocalDate(review.reviewBy)}
            {review.state === "REVIEW_DUE" ? `: overdue. Doses are under a soft hold; from ${formatLocalDate(review.hardFrom)} a hard hold.` : ""}
            {review.state === "LAPSED" ? ": lapsed. No dose until a new prescription is written." : ""}
          </p>
        ) : null}
        {current && current !== inForce ? (
          <p className="mt-2">
            Next: v{current.version} from {formatClinicDateTime(current.startsAt)}: AM {formatMg(current.amDoseMg)}, PM {formatMg(current.pmDoseMg)}.
          </p>
        ) : null}
        {current?.transferToOral && current.amDoseMg === 0 && current.pmDoseMg === 0 ? (
          <p className="mt-2 rounded bg-emerald-50 p-2">IV doses have tapered to zero: record the exit as “Completed: transferred to oral treatment”.</p>
        ) : null}
      </section>

      {openHolds.length > 0 ? (
        <section aria-labelledby="holds-heading" className="rounded border border-red-300 bg-red-50 p-4">
          <h2 id="holds-heading" className="text-xl font-semibold">
            Open holds
          </h2>
          <ul className="mt-2 space-y-3">
            {openHolds.map((h) => (
              <li key={h.id}>
                <p>
                  <strong>{h.kind === "HARD" ? "Hard hold" : "Soft hold"}</strong> since {formatClinicDateTime(h.placedAt)}: {h.reason}
                </p>
                {holdNeedsNewPrescription(h.source) ? (
                  <p className="mt-2 text-sm">Tolerance may be lost: this hold is cleared only by a restart prescription (below).</p>
                ) : (
                  <div className="mt-2 max-w-md">
                    <ActionForm action={clearHoldAction} submitLabel="Clear hold without a new prescription">
                      <input type="hidden" name="holdId" value={h.id} />
                      <TextAreaField name="note" label="Review note" />
                    </ActionForm>
                  </div>
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {record.episode ? (
        <section aria-labelledby="new-heading" className="max-w-2xl rounded border border-slate-300 bg-white p-4">
          <h2 id="new-heading" className="mb-3 text-xl font-semibold">
            {clearing ? "Review and new prescription (clears the hold)" : "New prescription"}
          </h2>
          <ActionForm action={prescribeAction} submitLabel="Save prescription" successMessage="Prescription saved." resetOnSuccess>
            <input type="hidden" name="participantId" value={record.id} />
            {clearing ? <input type="hidden" name="clearHoldId" value={clearing.id} /> : null}
            {restarting && proposal ? <RestartFacts last={restarting} proposal={proposal} sharePercent={settings.restartSharePercent} now={now} /> : null}
            <DoseFields
              current={proposal ?? (current ? { amMg: current.amDoseMg, pmMg: current.pmDoseMg } : null)}
              reference={reference}
              restartFrom={restarting}
              previousOral={current?.oralDrug && current.oralDoseMgPerDay ? { drug: current.oralDrug, mgPerDay: current.oralDoseMgPerDay } : null}
              limits={settings.doseLimits}
              oralLimits={settings.oralLimits}
              inductionDay={isInductionDay(firstDose, now)}
            />
            <SelectField
              name="startsFrom"
              label="Starts"
              defaultValue="now"
              options={[
                { value: "now", label: "Now (the session being worked, if any, too)" },
                ...later.map((s) => ({ value: sessionValue(s.session), label: `${s.session.slot} session on ${formatLocalDate(s.session.date)}` })),
              ]}
            />
            <DateField
              name="reviewBy"
              label="Review by"
              defaultValue={latestReviewBy(clinicDate(now), settings.prescriptionReview)}
              hint={`At most ${settings.prescriptionReview.reviewDays} days after the start. Past it the doses are under a soft hold; ${settings.prescriptionReview.graceDays} days later, a hard hold.`}
            />
            {titrating && current && !restarting ? (
              <SelectField
                name="stableDose"
                label="Stable dose reached?"
                defaultValue="no"
                options={[
                  { value: "no", label: "No: still titrating (any missed session is a hard hold)" },
                  { value: "yes", label: "Yes: this is the stable dose, the titration ends" },
                ]}
              />
            ) : null}
            <SelectField name="route" label="Route" options={options(DOSE_ROUTE_LABEL)} defaultValue={current?.route ?? "IV"} />
            <SelectField
              name="transferToOral"
              label="Part of a transfer to oral treatment?"
              defaultValue="no"
              options={[
                { value: "no", label: "No" },
                { value: "yes", label: "Yes: tapering IV doses towards zero" },
              ]}
            />
            <TextAreaField name="reason" label="Reason for this prescription" />
            <TextAreaField name="overrideReason" label="Reason for going beyond a soft limit (only if needed)" />
          </ActionForm>
        </section>
      ) : (
        <p>Not enrolled: prescriptions can be written only during an episode of treatment.</p>
      )}

      {record.episode ? (
        <section aria-labelledby="hold-heading" className="max-w-2xl rounded border border-slate-300 bg-white p-4">
          <h2 id="hold-heading" className="mb-3 text-xl font-semibold">
            Place a hold
          </h2>
          <ActionForm action={placeHoldAction} submitLabel="Place hold" successMessage="Hold placed." resetOnSuccess>
            <input type="hidden" name="participantId" value={record.id} />
            <SelectField
              name="kind"
              label="Kind of hold"
              options={[
                { value: "SOFT", label: "Soft: nurses may dose with a recorded reason" },
                { value: "HARD", label: "Hard: no dose until a prescriber reviews" },
              ]}
            />
            <TextAreaField name="reason" label="Reason" />
          </ActionForm>
        </section>
      ) : null}

      {chart ? (
        <section aria-labelledby="chart-heading">
          <h2 id="chart-heading" className="text-xl font-semibold">
            Doses over time
          </h2>
          <p className="mb-3 text-sm text-slate-700">
            This episode, the last {DOSE_CHART_WEEKS} weeks at most: the doses prescribed as steps, and each session as a point: given, partial, or not given (missed,
            withheld, declined) at 0 mg.
          </p>
          <DoseChart data={chart} />
        </section>
      ) : null}

      <section aria-labelledby="versions-heading">
        <h2 id="versions-heading" className="mb-3 text-xl font-semibold">
          All versions
        </h2>
        <div className="overflow-x-auto">
          <table className="w-full border-collapse bg-white text-sm">
            <caption className="sr-only">Prescription versions, newest first</caption>
            <thead>
              <tr className="border-b border-slate-300 text-left">
                <th className="p-2">Version</th>
                <th className="p-2">From</th>
                <th className="p-2">Review by</th>
                <th className="p-2">AM</th>
                <th className="p-2">PM</th>
                <th className="p-2">Oral</th>
                <th className="p-2">Reason</th>
                <th className="p-2">Prescriber</th>
              </tr>
            </thead>
            <tbody>
              {record.prescriptions.map((p) => (
                <tr key={p.id} className="border-b border-slate-200 align-top">
                  <td className="p-2">
                    v{p.version}
                    {p.induction ? " (induction day)" : ""}
                    {p.stableDose ? " (stable dose)" : ""}
                  </td>
                  <td className="p-2 whitespace-nowrap">{formatClinicDateTime(p.startsAt)}</td>
                  <td className="p-2 whitespace-nowrap">{formatLocalDate(dbDateToLocal(p.reviewBy))}</td>
                  <td className="p-2">{formatMg(p.amDoseMg)}</td>
                  <td className="p-2">{formatMg(p.pmDoseMg)}</td>
                  <td className="p-2">{p.oralDrug ? `${ORAL_DRUG_LABEL[p.oralDrug]} ${formatMg(p.oralDoseMgPerDay ?? 0)}/day` : ""}</td>
                  <td className="p-2">
                    {p.reason}
                    {p.overrideReason ? <span className="block text-warn">Beyond a soft limit: {p.overrideReason}</span> : null}
                  </td>
                  <td className="p-2">{p.prescriber.name}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
