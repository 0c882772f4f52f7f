import { addLocalDays, localDaysBetween, type LocalDate } from "./clinic-time";
import { formatLocalDate } from "./format";

/**
 * Prescribing diamorphine for the treatment of addiction needs a Home Office licence, for
 * named premises (Misuse of Drugs (Supply to Addicts) Regulations 1997, reg 3; Misuse of
 * Drugs Regulations 2001). A prescriber may prescribe, clear a hold or authorise a late
 * dose at a site only on a day a licence covering that site is in force.
 *
 * One record per site a licence covers. Dates are the clinic's (Europe/London) calendar
 * dates; the expiry date is the last day the licence is valid.
 */
export type LicenceRecord = { siteId: string; number: string; validFrom: LocalDate; expiresOn: LocalDate; revoked: boolean };

export type LicenceStatus =
  | { kind: "valid"; number: string; expiresOn: LocalDate; daysLeft: number }
  /** Valid today, but cover ends within LICENCE_WARNING_DAYS with no renewal following on. */
  | { kind: "expiring"; number: string; expiresOn: LocalDate; daysLeft: number }
  | { kind: "expired"; expiresOn: LocalDate }
  | { kind: "notStarted"; validFrom: LocalDate }
  | { kind: "revoked" }
  | { kind: "none" };

/** The review queue warns this many days before cover at a site ends. */
export const LICENCE_WARNING_DAYS = 30;

/** One record on its own: revoked, not yet started, past its expiry date, or in force. */
export function recordState(record: Omit<LicenceRecord, "siteId" | "number">, today: LocalDate): "revoked" | "notStarted" | "expired" | "inForce" {
  if (record.revoked) return "revoked";
  if (today < record.validFrom) return "notStarted";
  if (today > record.expiresOn) return "expired";
  return "inForce";
}

function inForce(record: LicenceRecord, today: LocalDate): boolean {
  return recordState(record, today) === "inForce";
}

export function isLicensed(records: readonly LicenceRecord[], siteId: string, today: LocalDate): boolean {
  return records.some((r) => r.siteId === siteId && inForce(r, today));
}

export function isLicenceUsable(status: LicenceStatus): status is Extract<LicenceStatus, { kind: "valid" | "expiring" }> {
  return status.kind === "valid" || status.kind === "expiring";
}

/**
 * Where a prescriber stands at a site today. When licensed, cover runs to the latest
 * expiry reachable through records that follow on without a gap (a renewal recorded ahead
 * of time means no warning).
 */
export function licenceStatus(records: readonly LicenceRecord[], siteId: string, today: LocalDate, warningDays = LICENCE_WARNING_DAYS): LicenceStatus {
  const atSite = records.filter((r) => r.siteId === siteId);
  const current = atSite.filter((r) => inForce(r, today));
  if (current.length > 0) {
    const live = atSite.filter((r) => !r.revoked);
    let cover = current.reduce((latest, r) => (r.expiresOn > latest.expiresOn ? r : latest));
    for (;;) {
      const dayAfter = addLocalDays(cover.expiresOn, 1);
      const next = live.filter((r) => r.validFrom <= dayAfter && r.expiresOn > cover.expiresOn).sort((a, b) => (a.expiresOn < b.expiresOn ? 1 : -1))[0];
      if (!next) break;
      cover = next;
    }
    const daysLeft = localDaysBetween(today, cover.expiresOn);
    return { kind: daysLeft <= warningDays ? "expiring" : "valid", number: cover.number, expiresOn: cover.expiresOn, daysLeft };
  }
  const live = atSite.filter((r) => !r.revoked);
  const future = live.filter((r) => r.validFrom > today).sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1))[0];
  if (future) return { kind: "notStarted", validFrom: future.validFrom };
  const expired = live.filter((r) => r.expiresOn < today).sort((a, b) => (a.expiresOn < b.expiresOn ? 1 : -1))[0];
  if (expired) return { kind: "expired", expiresOn: expired.expiresOn };
  if (atSite.length > 0) return { kind: "revoked" };
  return { kind: "none" };
}

/** Why the act was refused, for the prescriber who tried it. */
export function unlicensedMessage(status: Exclude<LicenceStatus, { kind: "valid" | "expiring" }>): string {
  const close = "Nothing was saved. Ask the clinic administrator to record your current licence.";
  switch (status.kind) {
    case "none":
      return `You have no Home Office licence to prescribe diamorphine recorded for this clinic, so you cannot prescribe, clear a hold or authorise a late dose here. ${close}`;
    case "expired":
      return `Your Home Office licence to prescribe diamorphine at this clinic expired on ${formatLocalDate(status.expiresOn)}. ${close}`;
    case "notStarted":
      return `Your Home Office licence to prescribe diamorphine at this clinic is not valid until ${formatLocalDate(status.validFrom)}. ${close}`;
    case "revoked":
      return `Your Home Office licence to prescribe diamorphine at this clinic has been revoked. ${close}`;
  }
}

/** One line for a list: where the prescriber stands, in words. */
export function licenceStatusLabel(status: LicenceStatus): string {
  switch (status.kind) {
    case "valid":
      return `Licensed to ${formatLocalDate(status.expiresOn)}`;
    case "expiring":
      return `Expires ${formatLocalDate(status.expiresOn)} (${status.daysLeft === 0 ? "today" : status.daysLeft === 1 ? "tomorrow" : `in ${status.daysLeft} days`})`;
    case "expired":
      return `Expired ${formatLocalDate(status.expiresOn)}: cannot prescribe`;
    case "notStarted":
      return `Not valid until ${formatLocalDate(status.validFrom)}: cannot prescribe`;
    case "revoked":
      return "Licence revoked: cannot prescribe";
    case "none":
      return "No licence recorded: cannot prescribe";
  }
}
