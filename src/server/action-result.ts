/** What every server action returns; shared with the client forms that show it. */
export type ActionErrorCode = "unauthenticated" | "forbidden" | "invalid" | "rule" | "conflict" | "unexpected";

export type ActionResult<T = unknown> =
  | { ok: true; data: T }
  | { ok: false; code: ActionErrorCode; error: string; fieldErrors?: Record<string, string> };

/** What a form's `useActionState` holds: nothing yet, or the last result. */
export type ActionState<T = unknown> = ActionResult<T> | null;
