/**
 * Where a person is in the journey, derived from their records (never stored, so it cannot
 * disagree with them): referred → assessed (waiting or declined) → active ⇄ on break → exited.
 * Re-admission starts again from a new referral.
 */
export type ParticipantStatus = "REFERRED" | "WAITING" | "DECLINED" | "ACTIVE" | "ON_BREAK" | "EXITED";

export const STATUS_LABEL: Record<ParticipantStatus, string> = {
  REFERRED: "Referred, awaiting assessment",
  WAITING: "On the waiting list",
  DECLINED: "Declined at assessment",
  ACTIVE: "Active",
  ON_BREAK: "On a temporary break",
  EXITED: "Exited",
};

export type JourneyFacts = {
  /** The most recent referral (by when it was recorded), with its assessment outcome if assessed. */
  latestReferral: { recordedAt: Date; outcome: "ACCEPTED" | "DECLINED" | null } | null;
  /** The most recent episode. */
  latestEpisode: { recordedAt: Date; closed: boolean; onBreak: boolean } | null;
};

export function participantStatus({ latestReferral, latestEpisode }: JourneyFacts): ParticipantStatus {
  if (latestEpisode && !latestEpisode.closed) return latestEpisode.onBreak ? "ON_BREAK" : "ACTIVE";
  // A referral recorded after the last episode began is a re-referral: the journey starts again.
  const rereferred = latestReferral && (!latestEpisode || latestReferral.recordedAt > latestEpisode.recordedAt);
  if (!rereferred) return "EXITED";
  if (latestReferral.outcome === null) return "REFERRED";
  return latestReferral.outcome === "ACCEPTED" ? "WAITING" : "DECLINED";
}
