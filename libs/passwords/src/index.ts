import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/**
 * The staff password policy, in one place for every place a password is typed (the
 * console in the browser, the CLI): the server never sees the password, only a key
 * derived from it, so it cannot check it. At least 12 characters and a zxcvbn score of
 * 3 ("safely unguessable: moderate protection from offline attacks"), or 4 when the
 * password is built on the account's own name or address. Browser-safe: no Node, no Nest.
 */
export const MIN_PASSWORD_LENGTH = 12;
const MIN_SCORE = 3;

export type PasswordProblem = 'short' | 'guessable';

let checker: ZxcvbnFactory | undefined;

export function passwordProblems(password: string, userInputs: string[] = []): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if (password.length < MIN_PASSWORD_LENGTH) problems.push('short');
  checker ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  // Names and addresses count in parts too: "anna.virtanen@acme.fi" → anna, virtanen, acme.
  const words = userInputs.flatMap((input) => [
    input.toLowerCase(),
    ...input
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length >= 3),
  ]);
  const result = checker.check(password, words);
  // Built on the account's own name or address: only the strongest score is enough.
  const lowered = password.toLowerCase();
  const required = words.some((w) => w.length >= 4 && lowered.includes(w)) ? 4 : MIN_SCORE;
  if (result.score < required) problems.push('guessable');
  return problems;
}
