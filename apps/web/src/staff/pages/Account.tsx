import { FormEvent, useState } from 'react';
import { fingerprint } from '@kanava/crypto';
import { useI18n } from '../../shared/i18n';
import type { PageProps } from '../page-props';
import { changePassword, secondFactor } from '../account-keys';
import { StaffShell } from '../layout';
import { logoutEverywhere } from '../session';
import { ApiError } from '../staff-api';
import { actionError } from './CasePage';
import { ErrorList, NewPasswordFields, newPasswordErrors } from './NewPassword';

/** The signed-in person's own account: who they are, their key fingerprint, a password change made in this browser, and signing out everywhere. */
export function Account(props: PageProps) {
  const { t } = useI18n();
  const { session } = props;
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const [done, setDone] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    if (!current || !code.trim()) return setErrors([t('account.missing')]);
    const problems = newPasswordErrors(t, password, repeat, [session.user.email, session.user.displayName]);
    if (password && password === current) problems.push(t('account.same'));
    setErrors(problems);
    if (problems.length) return;
    setBusy(true);
    try {
      await changePassword(session, current, password, secondFactor(code));
      setCurrent('');
      setPassword('');
      setRepeat('');
      setCode('');
      setDone(true);
    } catch (err) {
      setErrors([err instanceof ApiError && err.status === 401 ? t('account.wrongCurrent') : actionError(t, err)]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <StaffShell {...props} heading={t('account.title')} headingKey="account">
      <dl className="facts">
        <dt>{t('activate.name')}</dt>
        <dd>{session.user.displayName}</dd>
        <dt>{t('activate.email')}</dt>
        <dd>{session.user.email}</dd>
        <dt>{t('activate.roles')}</dt>
        <dd>{session.user.roles.map((r) => t(`role.${r}`)).join(', ')}</dd>
        <dt>{t('account.fingerprint')}</dt>
        <dd className="mono">{fingerprint(session.box.publicKey, session.signPublicKey)}</dd>
      </dl>
      <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="password-heading">
        <h2 id="password-heading">{t('account.passwordTitle')}</h2>
        <p>{t('account.passwordIntro')}</p>
        <div className="field">
          <label htmlFor="account-current">{t('account.current')}</label>
          <input id="account-current" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
        </div>
        <NewPasswordFields id="account" password={password} repeat={repeat} onPassword={setPassword} onRepeat={setRepeat} />
        <div className="field">
          <label htmlFor="account-code">{t('login.code')}</label>
          <input
            id="account-code"
            inputMode="numeric"
            autoComplete="one-time-code"
            aria-describedby="account-code-hint"
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
          <p className="hint" id="account-code-hint">
            {t('login.codeHint')}
          </p>
        </div>
        <ErrorList errors={errors} />
        {done && (
          <p className="ok" role="status">
            {t('account.changed')}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('account.changing') : t('account.change')}
          </button>
        </div>
      </form>
      <SignOutEverywhere {...props} />
    </StaffShell>
  );
}

/** Ends every session of the account (a lost device, a browser left signed in), this one too, after a confirmation. */
function SignOutEverywhere(props: PageProps) {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const end = async () => {
    setError(null);
    setBusy(true);
    try {
      await logoutEverywhere(props.session);
    } catch (err) {
      setBusy(false);
      setError(actionError(t, err));
    }
  };
  return (
    <section aria-labelledby="everywhere-heading">
      <h2 id="everywhere-heading">{t('account.everywhereTitle')}</h2>
      <p>{t('account.everywhereIntro')}</p>
      {confirming ? (
        <div className="warning" role="group" aria-labelledby="everywhere-confirm">
          <p id="everywhere-confirm">{t('account.everywhereConfirm')}</p>
          <div className="actions">
            <button type="button" className="primary" disabled={busy} onClick={() => void end()}>
              {t('account.everywhereYes')}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" onClick={() => setConfirming(true)}>
          {t('account.everywhere')}
        </button>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
