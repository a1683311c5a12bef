import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/**
 * The staff password policy, checked where the password is typed: the server
 * never sees the password, only a key derived from it, so it cannot check it.
 * Invariant: the same rules as `checkPassword` of libs/staff (CLI), which a spec
 * beside this file compares: at least 12 characters, zxcvbn score 3, and 4 when
 * the password is built on the account's own name or address.
 */
export const MIN_PASSWORD_LENGTH = 12;
const MIN_SCORE = 3;

export type PasswordProblem = 'short' | 'guessable';

let checker: ZxcvbnFactory | undefined;

export function passwordProblems(password: string, userInputs: string[] = []): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if (password.length < MIN_PASSWORD_LENGTH) problems.push('short');
  checker ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  const words = userInputs.flatMap((input) => [
    input.toLowerCase(),
    ...input
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length >= 3),
  ]);
  const result = checker.check(password, words);
  const lowered = password.toLowerCase();
  const required = words.some((w) => w.length >= 4 && lowered.includes(w)) ? 4 : MIN_SCORE;
  if (result.score < required) problems.push('guessable');
  return problems;
}
