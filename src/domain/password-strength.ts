import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary as commonDictionary } from "@zxcvbn-ts/language-common";
import { dictionary as englishDictionary, translations } from "@zxcvbn-ts/language-en";

/**
 * What a new password must be (NCSC password guidance): long enough, and not guessable, as a
 * strength estimator judges it against lists of common passwords, words and names, keyboard
 * patterns and dates. No composition rules ("one digit, one symbol"): they make passwords
 * harder to remember without making them harder to guess. Asked wherever a password is
 * set: a new account, a reset, a change, the first administrator.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;
/** zxcvbn's 0–4 scale; 3 is "safely unguessable: moderate protection from an offline slow-hash attack". */
export const PASSWORD_MIN_SCORE = 3;

const estimator = new ZxcvbnFactory({
  dictionary: { ...commonDictionary, ...englishDictionary },
  graphs: adjacencyGraphs,
  translations,
  // Bounds the estimator's work (it runs on the server's one thread for every password set):
  // the first 64 characters are judged, and fewer look-alike substitutions ("p4ssw0rd") tried.
  maxLength: 64,
  l33tMaxSubstitutions: 10,
});

/** Why this password will not do, in words for the person choosing it, or null when it will. */
export function passwordWeakness(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (password.length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  const result = estimator.check(password);
  if (result.score >= PASSWORD_MIN_SCORE) return null;
  const warning = result.feedback.warning ? ` ${result.feedback.warning.replace(/\.?$/, ".")}` : "";
  return `This password is too easy to guess.${warning} Try three or four unrelated words together.`;
}
