import { FormEvent, useState } from 'react';
import { useI18n } from '../../shared/i18n';
import { StaffShell } from '../layout';
import { Link } from '../router';
import { login, LoginError, SESSION_ENDED_QUERY, StaffSession } from '../session';

/** Sign-in: e-mail, password and the authenticator code (or a backup code). The password never leaves this browser. */
export function Login(props: { onSignedIn: (session: StaffSession) => void; navigate: (to: string) => void }) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Back here because the server ended the session (see session.ts): say so once.
  const [ended] = useState(() => window.location.search === `?${SESSION_ENDED_QUERY}`);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const trimmed = code.replace(/\s/g, '');
    if (!email || !password || !trimmed) return setError(t('login.missing'));
    setBusy(true);
    try {
      const factor = /^[0-9]{6}$/.test(trimmed) ? { totp: trimmed } : { backupCode: trimmed };
      const session = await login(email.trim(), password, factor);
      setPassword('');
      if (ended) window.history.replaceState(null, '', window.location.pathname);
      props.onSignedIn(session);
    } catch (err) {
      setBusy(false);
      if (!(err instanceof LoginError)) throw err;
      setError(t(`login.error.${err.code}`));
    }
  };

  return (
    <StaffShell session={null} heading={t('login.title')} headingKey="login">
      {ended && (
        <p className="warning" role="status">
          {t('login.sessionEnded')}
        </p>
      )}
      <p>{t('login.intro')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor="login-email">{t('login.email')}</label>
          <input id="login-email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="login-password">{t('login.password')}</label>
          <input id="login-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="login-code">{t('login.code')}</label>
          <input
            id="login-code"
            inputMode="numeric"
            autoComplete="one-time-code"
            aria-describedby="login-code-hint"
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
          <p className="hint" id="login-code-hint">
            {t('login.codeHint')}
          </p>
        </div>
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('login.busy') : t('login.submit')}
          </button>
        </div>
      </form>
      <p>
        <Link to="/staff/recover" navigate={props.navigate}>
          {t('login.forgotten')}
        </Link>
      </p>
    </StaffShell>
  );
}
