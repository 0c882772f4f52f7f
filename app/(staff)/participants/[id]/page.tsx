import Link from "next/link";
import { notFound } from "next/navigation";
import { can } from "@/auth/permissions";
import { requirePermission } from "@/auth/session";
import { db } from "@/db/client";
import { clinicDate, dbDateToLocal } from "@/domain/clinic-time";
import { formatLocalDate } from "@/domain/format";
import { recordParticipantPage } from "@/server/access-audit";
import { participantSummary } from "@/server/participant-summary";
import { latestPhotoIds } from "@/server/participant-photos";
import { participantProfile } from "@/server/participant-views";
import { siteSettings } from "@/server/settings";
import { StatusBadge } from "@/ui/status-badge";
import { ActionForm } from "@/ui/action-form";
import { AdverseEventFields } from "../../today/adverse-event-fields";
import { recordParticipantAdverseEventAction } from "../actions";
import { ClinicalSummary } from "./clinical-summary";
import { JourneyActions } from "./journey-actions";
import { PhotoPanel } from "./photo-panel";

export const metadata = { title: "Participant" };

export default async function ParticipantPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePermission("participant.read");
  const { id } = await params;
  const [profile, summary, settings] = await Promise.all([participantProfile(db(), actor.siteId, id), participantSummary(db(), actor.siteId, id), siteSettings(db(), actor.siteId)]);
  await recordParticipantPage(actor, "profile", id, profile !== null);
  if (!profile || !summary) notFound();
  const name = profile.identity ? `${profile.identity.givenName} ${profile.identity.familyName}` : profile.reference;

  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">{name}</h1>
        <p className="flex flex-wrap items-center gap-3">
          <span>{profile.reference}</span>
          {profile.identity ? <span>Born {formatLocalDate(dbDateToLocal(profile.identity.dateOfBirth))}</span> : null}
          <StatusBadge status={profile.status} />
          <Link href={`/participants/${profile.id}/evidence`} className="inline-flex min-h-11 items-center text-brand underline">
            Screens, TOP and offences
          </Link>
          {can(actor.role, "prescription.write") && profile.episode && !profile.episode.closedOn ? (
            <Link href={`/prescribing/${profile.id}`} className="inline-flex min-h-11 items-center text-brand underline">
              Prescribing
            </Link>
          ) : null}
        </p>
      </header>

      <ClinicalSummary summary={summary} />
      {can(actor.role, "participant.photo") ? (
        <PhotoPanel participantId={profile.id} name={name} photoId={(await latestPhotoIds(db(), [profile.id])).get(profile.id) ?? null} canReplace={can(actor.role, "participant.manage")} />
      ) : null}

      {can(actor.role, "participant.manage") ? (
        <JourneyActions
          participantId={profile.id}
          name={name}
          status={profile.status}
          referralId={profile.referral?.id ?? null}
          today={clinicDate(new Date())}
          holdAfterDays={settings.missedDosePolicy.consecutiveDaysWithoutDoseForHardHold}
        />
      ) : null}

      {can(actor.role, "dose.record") && profile.episode && !profile.episode.closedOn ? (
        <details className="rounded border border-slate-300 bg-white p-4">
          <summary className="flex min-h-11 cursor-pointer items-center font-medium text-brand">Record an adverse event</summary>
          <div className="pt-2">
            <ActionForm action={recordParticipantAdverseEventAction} submitLabel="Record adverse event" successMessage="Saved: adverse event recorded" submissionKey resetOnSuccess>
              <input type="hidden" name="participantId" value={profile.id} />
              <AdverseEventFields />
            </ActionForm>
          </div>
        </details>
      ) : null}

      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading" className="mb-3 text-xl font-semibold">
          Timeline
        </h2>
        <ol className="space-y-2">
          {profile.timeline.map((event, i) => (
            <li key={`${event.kind}-${i}`} className="rounded border border-slate-200 bg-white p-3">
              <p>
                <span className="mr-3 text-sm text-slate-600">{formatLocalDate(event.date)}</span>
                <span className="font-medium">{event.title}</span>
              </p>
              {event.detail ? <p className="text-sm text-slate-700">{event.detail}</p> : null}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
