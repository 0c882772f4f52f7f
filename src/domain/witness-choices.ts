/**
 * Who a nurse is offered as witness for a controlled-drug step: the colleagues who signed in
 * at this clinic within the last hours (they are on the floor), in a role allowed to witness
 * the step, never the nurse herself; the witness she last had is chosen already. Anyone else
 * allowed at the clinic is found by typing their name or email. The server decides whether a
 * witness may witness (src/server/witness.ts): these lists only save typing.
 */

/**
 * A clinic shift: the longest a session lasts (SESSION_MAX_HOURS, 12 by default). Someone who
 * signed in within it is most likely still on the floor, even after signing out of a shared
 * tablet, which nurses do after every use; someone who signed in yesterday is not offered.
 */
export const WITNESS_RECENT_SIGN_IN_HOURS = 12;

/** A member of staff at the clinic, active, and when they last signed in here (null: not within the hours asked about). */
export type StaffMember = { id: string; name: string; email: string; role: string; lastSignInAt: Date | null };

export type Colleague = { id: string; name: string; email: string; role: string };

export type WitnessChoices = {
  /** Signed in recently, by name: offered to pick in one tap. */
  recent: Colleague[];
  /** Everyone allowed to witness the step at the clinic, by name: found by typing. */
  everyone: Colleague[];
  /** The witness chosen already: the last one this nurse had, when they are among `recent`. */
  chosenEmail: string | null;
};

export function witnessChoices(
  staff: readonly StaffMember[],
  { actorId, roles, lastWitnessId, now, recentHours = WITNESS_RECENT_SIGN_IN_HOURS }: { actorId: string; roles: readonly string[]; lastWitnessId: string | null; now: Date; recentHours?: number },
): WitnessChoices {
  const since = now.getTime() - recentHours * 3_600_000;
  const allowed = staff.filter((s) => s.id !== actorId && roles.includes(s.role)).sort((a, b) => a.name.localeCompare(b.name, "en-GB"));
  const colleague = ({ id, name, email, role }: StaffMember): Colleague => ({ id, name, email, role });
  const recent = allowed.filter((s) => s.lastSignInAt !== null && s.lastSignInAt.getTime() >= since && s.lastSignInAt.getTime() <= now.getTime()).map(colleague);
  return {
    recent,
    everyone: allowed.map(colleague),
    chosenEmail: recent.find((c) => c.id === lastWitnessId)?.email ?? null,
  };
}

/**
 * The email to send for what was typed in the search: a colleague's name (any case, spaces
 * trimmed) becomes their email when it names exactly one; anything else is sent as typed, and
 * the server answers it as it answers any email.
 */
export function witnessEmailFor(typed: string, everyone: readonly Colleague[]): string {
  const wanted = typed.trim().replace(/\s+/g, " ").toLowerCase();
  const named = everyone.filter((c) => c.name.toLowerCase() === wanted);
  return named.length === 1 ? named[0]!.email : typed.trim();
}
