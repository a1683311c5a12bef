import { MIN_PASSWORD_LENGTH, passwordProblems } from '@kanava/passwords';

export { MIN_PASSWORD_LENGTH };

export interface PasswordVerdict {
  ok: boolean;
  problems: string[];
}

const WORDS = {
  short: `use at least ${MIN_PASSWORD_LENGTH} characters`,
  guessable: 'this password is too easy to guess (it is common, a pattern, or close to your name or address)',
};

/** The staff password policy (`@kanava/passwords`), with the problems in words for the CLI. */
export function checkPassword(password: string, userInputs: string[] = []): PasswordVerdict {
  const problems = passwordProblems(password, userInputs).map((p) => WORDS[p]);
  return { ok: problems.length === 0, problems };
}
