import { useI18n } from '../../shared/i18n';
import { MIN_PASSWORD_LENGTH, passwordProblems } from '../password-policy';

/** The new password and its repetition; the policy is checked in this browser, because the server never sees the password. */
export function NewPasswordFields(props: { id: string; password: string; repeat: string; onPassword: (v: string) => void; onRepeat: (v: string) => void }) {
  const { t } = useI18n();
  return (
    <>
      <div className="field">
        <label htmlFor={`${props.id}-password`}>{t('password.new')}</label>
        <input
          id={`${props.id}-password`}
          type="password"
          autoComplete="new-password"
          aria-describedby={`${props.id}-password-hint`}
          value={props.password}
          onChange={(e) => props.onPassword(e.target.value)}
        />
        <p className="hint" id={`${props.id}-password-hint`}>
          {t('password.hint', { min: MIN_PASSWORD_LENGTH })}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${props.id}-repeat`}>{t('password.repeat')}</label>
        <input id={`${props.id}-repeat`} type="password" autoComplete="new-password" value={props.repeat} onChange={(e) => props.onRepeat(e.target.value)} />
      </div>
    </>
  );
}

/** What is wrong with a new password, in the reader's words; empty when it may be used. */
export function newPasswordErrors(
  t: (key: string, values?: Record<string, string | number>) => string,
  password: string,
  repeat: string,
  userInputs: string[],
): string[] {
  const errors = passwordProblems(password, userInputs).map((p) =>
    p === 'short' ? t('password.short', { min: MIN_PASSWORD_LENGTH }) : t('password.guessable'),
  );
  if (password !== repeat) errors.push(t('password.mismatch'));
  return errors;
}

/** A list of problems announced to screen readers. */
export function ErrorList(props: { errors: string[] }) {
  if (props.errors.length === 0) return null;
  if (props.errors.length === 1)
    return (
      <p className="error-text" role="alert">
        {props.errors[0]}
      </p>
    );
  return (
    <ul className="errors" role="alert">
      {props.errors.map((e) => (
        <li key={e}>{e}</li>
      ))}
    </ul>
  );
}
