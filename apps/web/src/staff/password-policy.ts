/** The console checks passwords with the one staff policy (`@kanava/passwords`), where they are typed. */
export { MIN_PASSWORD_LENGTH, passwordProblems } from '@kanava/passwords';
export type { PasswordProblem } from '@kanava/passwords';
