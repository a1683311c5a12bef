import { FormEvent, useEffect, useRef, useState } from 'react';
import { useI18n } from '../../shared/i18n';
import { forgetRecoveredKeys, openRecoveryBundle, RecoveredKeys, RecoveryError, resetWithRecovery, secondFactor } from '../account-keys';
import { StaffShell } from '../layout';
import { Link } from '../router';
import { ErrorList, NewPasswordFields, newPasswordErrors } from './NewPassword';

type Step = 'open' | 'password' | 'done';

/**
 * A forgotten password (`/staff/recover`): the personal recovery key and a second
 * factor open the key bundle in this browser, which wraps it again under a new
 * password. Neither the recovery key nor the password leaves the browser; the
 * server ends every session of the account.
 */
export function Recover(props: { navigate: (to: string) => void }) {
  const { t } = useI18n();
  const [step, setStep] = useState<Step>('open');
  const [email, setEmail] = useState('');
  const [recoveryKey, setRecoveryKey] = useState('');
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  // The opened keys live in a ref, not in state: nothing renders them, and leaving the page zeroes them.
  const keys = useRef<RecoveredKeys | null>(null);
  useEffect(
    () => () => {
      if (keys.current) forgetRecoveredKeys(keys.current);
    },
    [],
  );

  const failure = (err: unknown): string => {
    if (!(err instanceof RecoveryError)) return t('error.action');
    return t(`recover.error.${err.code}`);
  };

  const open = async (e: FormEvent) => {
    e.preventDefault();
    const factor = code.replace(/\s/g, '');
    if (!email.trim() || !recoveryKey.trim() || !factor) return setErrors([t('recover.missing')]);
    setErrors([]);
    setBusy(true);
    try {
      keys.current = await openRecoveryBundle(email.trim(), recoveryKey, secondFactor(factor));
      setRecoveryKey('');
      setCode('');
      setStep('password');
    } catch (err) {
      setErrors([failure(err)]);
    } finally {
      setBusy(false);
    }
  };

  const reset = async (e: FormEvent) => {
    e.preventDefault();
    if (!keys.current) return;
    const problems = newPasswordErrors(t, password, repeat, [keys.current.email]);
    if (!code.replace(/\s/g, '')) problems.push(t('recover.codeMissing'));
    setErrors(problems);
    if (problems.length) return;
    setBusy(true);
    try {
      await resetWithRecovery(keys.current, password, secondFactor(code));
      forgetRecoveredKeys(keys.current);
      keys.current = null;
      setPassword('');
      setRepeat('');
      setCode('');
      setStep('done');
    } catch (err) {
      setErrors([failure(err)]);
    } finally {
      setBusy(false);
    }
  };

  const codeField = (id: string, label: string, hint: string) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} inputMode="numeric" autoComplete="one-time-code" aria-describedby={`${id}-hint`} value={code} onChange={(e) => setCode(e.target.value)} />
      <p className="hint" id={`${id}-hint`}>
        {hint}
      </p>
    </div>
  );

  return (
    <StaffShell session={null} heading={t('recover.title')} headingKey={`recover-${step}`}>
      {step === 'open' && (
        <form onSubmit={(e) => void open(e)} noValidate aria-labelledby="recover-open-heading">
          <h2 id="recover-open-heading">{t('recover.openTitle')}</h2>
          <p>{t('recover.intro')}</p>
          <div className="field">
            <label htmlFor="recover-email">{t('login.email')}</label>
            <input id="recover-email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="recover-key">{t('recover.key')}</label>
            <input
              id="recover-key"
              className="mono"
              autoComplete="off"
              spellCheck={false}
              aria-describedby="recover-key-hint"
              value={recoveryKey}
              onChange={(e) => setRecoveryKey(e.target.value)}
            />
            <p className="hint" id="recover-key-hint">
              {t('recover.keyHint')}
            </p>
          </div>
          {codeField('recover-code', t('login.code'), t('login.codeHint'))}
          <ErrorList errors={errors} />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? t('recover.opening') : t('recover.open')}
            </button>
          </div>
        </form>
      )}
      {step === 'password' && (
        <form onSubmit={(e) => void reset(e)} noValidate aria-labelledby="recover-password-heading">
          <h2 id="recover-password-heading">{t('recover.passwordTitle')}</h2>
          <p className="ok" role="status">
            {t('recover.opened')}
          </p>
          <NewPasswordFields id="recover" password={password} repeat={repeat} onPassword={setPassword} onRepeat={setRepeat} />
          {codeField('recover-next-code', t('recover.nextCode'), t('recover.nextCodeHint'))}
          <ErrorList errors={errors} />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? t('recover.saving') : t('recover.save')}
            </button>
          </div>
        </form>
      )}
      {step === 'done' && (
        <p className="ok" role="status">
          {t('recover.done')}
        </p>
      )}
      <p>
        <Link to="/staff" navigate={props.navigate}>
          {t('recover.toSignIn')}
        </Link>
      </p>
    </StaffShell>
  );
}
