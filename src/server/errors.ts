/**
 * A clinical or business rule said no. `code` is stable (tests and logs use it);
 * `message` is written for the nurse, prescriber or administrator who will read it.
 */
export class RuleError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly fieldErrors?: Record<string, string>,
  ) {
    super(message);
    this.name = "RuleError";
  }
}
