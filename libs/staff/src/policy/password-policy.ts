import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

export const MIN_PASSWORD_LENGTH = 12;
/** zxcvbn score 0–4; 3 means "safely unguessable: moderate protection from offline attacks". */
const MIN_SCORE = 3;

let checker: ZxcvbnFactory | undefined;

export interface PasswordVerdict {
  ok: boolean;
  problems: string[];
}

/**
 * The staff password policy: at least 12 characters and not guessable from
 * common-password lists, keyboard patterns or the account's own names. It runs
 * where the password is typed (CLI, the browser), because the server never sees
 * the password, only a key derived from it.
 */
export function checkPassword(password: string, userInputs: string[] = []): PasswordVerdict {
  const problems: string[] = [];
  if (password.length < MIN_PASSWORD_LENGTH) problems.push(`use at least ${MIN_PASSWORD_LENGTH} characters`);
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
  if (result.score < required) problems.push('this password is too easy to guess (it is common, a pattern, or close to your name or address)');
  return { ok: problems.length === 0, problems };
}
