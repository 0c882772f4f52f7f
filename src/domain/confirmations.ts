import type { SessionKey } from "./clinic-time";
import { parseEnteredDate } from "./date-entry";
import type { CloseEffect } from "./dose-session";
import { formatLocalDate, formatMg } from "./format";

/**
 * What a member of staff is asked before a step that cannot be undone: the person named,
 * and what the server will do. Each sentence says what the service really does; the tests
 * beside the services prove it (an exit ends the episode on its date, a break stops the
 * sessions being expected, a withheld dose closes the session, a disabled account is signed
 * out, a close marks the missed).
 */
export type Confirmation = { title: string; consequences: string[]; confirmLabel: string };

const CANNOT_BE_UNDONE = "This cannot be undone.";

/** Null when there is no date to name: the service refuses the form and says why, so there is nothing to confirm. */
export function exitConfirmation(name: string, typedExitDate: string): Confirmation | null {
  const entry = parseEnteredDate(typedExitDate);
  if (!entry.ok) return null;
  const exitedOn = entry.date;
  return {
    title: `Record ${name}'s exit?`,
    consequences: [
      `Their episode of treatment ends on ${formatLocalDate(exitedOn)}. From that day no dose can be given until they are referred, assessed and enrolled again.`,
      "A break still open ends with it.",
      CANNOT_BE_UNDONE,
    ],
    confirmLabel: "Yes, record exit",
  };
}

/** `holdAfterDays`: the missed-dose policy's days without a dose before a hard hold, which a break of that length also brings (src/domain/restart.ts). */
export function breakConfirmation(name: string, typedStartDate: string, holdAfterDays: number): Confirmation | null {
  const entry = parseEnteredDate(typedStartDate);
  if (!entry.ok) return null;
  const startedOn = entry.date;
  return {
    title: `Start a break for ${name}?`,
    consequences: [
      `From ${formatLocalDate(startedOn)} ${name} is not expected at any session and cannot be dosed; sessions during the break do not count as missed.`,
      `When they come back, record the return. After a break in hospital or in custody, or one of ${holdAfterDays} days or more, the return puts a hard hold on the next dose until a prescriber writes a restart prescription.`,
    ],
    confirmLabel: "Yes, start break",
  };
}

export function disableConfirmation(name: string): Confirmation {
  return {
    title: `Disable ${name}'s account?`,
    consequences: [`${name} is signed out on every device at once, and cannot sign in or witness a dose until an administrator enables the account again.`],
    confirmLabel: "Yes, disable account",
  };
}

export function withholdConfirmation(name: string, session: SessionKey, drawnMg: number | null): Confirmation {
  return {
    title: `Withhold ${name}'s ${session.slot} dose?`,
    consequences: [
      `No dose is given to ${name} at this session: it is recorded as withheld, a session without a dose in the missed-dose checks.`,
      ...(drawnMg ? [`The drawn ${formatMg(drawnMg)} is listed for witnessed destruction.`] : []),
      CANNOT_BE_UNDONE,
    ],
    confirmLabel: "Yes, withhold dose",
  };
}

export type ClosingPerson = { name: string; reference: string; effect: Exclude<CloseEffect, "UNCHANGED"> };

const CLOSING_GROUP: Record<ClosingPerson["effect"], string> = {
  MISSED: "Marked missed",
  WITHHELD: "Marked withheld (checked in, not dosed)",
  STAYS_OPEN: "Left open for the late dose a prescriber authorised",
  IN_PROGRESS: "Dose in progress, to finish before the session can close",
};

export function closeSessionConfirmation(session: SessionKey, people: readonly ClosingPerson[]): Confirmation {
  const groups = (Object.keys(CLOSING_GROUP) as ClosingPerson["effect"][]).flatMap((effect) => {
    const named = people.filter((p) => p.effect === effect).map((p) => `${p.name} (${p.reference})`);
    return named.length > 0 ? [`${CLOSING_GROUP[effect]}: ${named.join(", ")}.`] : [];
  });
  return {
    title: `Close the ${session.slot} session of ${formatLocalDate(session.date)}?`,
    consequences: [
      ...(groups.length > 0 ? groups : ["Everyone expected has been seen: nobody will be marked missed or withheld."]),
      "The missed-dose checks then run, and may put a hard hold on a next dose.",
      CANNOT_BE_UNDONE,
    ],
    confirmLabel: "Yes, close session",
  };
}
