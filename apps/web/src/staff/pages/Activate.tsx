import { FormEvent, useEffect, useState } from 'react';
import { useI18n } from '../../shared/i18n';
import { ActivationMaterial, makeActivationMaterial } from '../account-keys';
import { formatDate, StaffShell } from '../layout';
import { QrCode } from '../qr-code';
import { SecretSheet } from '../secret-sheet';
import { StaffApi } from '../staff-api';
import { actionError } from './CasePage';
import { ErrorList, NewPasswordFields, newPasswordErrors } from './NewPassword';

interface Invitation {
  email: string;
  displayName: string;
  roles: string[];
  organisationName: string;
  expiresAt: string;
}

type Step = 'password' | 'recovery' | 'totp' | 'codes';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The invitation token from the link's fragment (never sent to the server by the browser, and removed from the address at once). */
function tokenFromAddress(): string | null {
  const token = window.location.hash.slice(1);
  return TOKEN.test(token) ? token : null;
}

/**
 * Activation from the invitation link (`/staff/activate#<token>`): the password
 * and every key are made in this browser; the recovery key is shown once and must
 * be confirmed as kept; the authenticator app is set up with a code; the backup
 * codes are shown once. Only public keys, wrapped bundles and derived keys leave.
 */
export function Activate(props: { navigate: (to: string) => void }) {
  const { t, language } = useI18n();
  const [token] = useState(tokenFromAddress);
  const [api] = useState(() => new StaffApi(null));
  const [invitation, setInvitation] = useState<Invitation | null>(null);
  const [step, setStep] = useState<Step>('password');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [material, setMaterial] = useState<ActivationMaterial | null>(null);
  const [recoveryKey, setRecoveryKey] = useState<string | null>(null);
  const [kept, setKept] = useState(false);
  const [totp, setTotp] = useState<{ secret: string; otpauthUrl: string } | null>(null);
  const [code, setCode] = useState('');
  const [backupCodes, setBackupCodes] = useState<string[] | null>(null);
  const [codesKept, setCodesKept] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const [fatal, setFatal] = useState<string | null>(token ? null : t('activate.noToken'));

  useEffect(() => {
    // The token is a credential: it leaves the address bar and the history entry.
    if (window.location.hash) window.history.replaceState(null, '', '/staff/activate');
    if (!token) return;
    api.get<Invitation>(`/api/auth/invitations/${token}`).then(setInvitation, (err) => setFatal(actionError(t, err)));
    // Asked once per page; `t` is left out so a change of language does not ask again.
  }, [token, api]);

  const choosePassword = async (e: FormEvent) => {
    e.preventDefault();
    if (!invitation) return;
    const problems = newPasswordErrors(t, password, repeat, [invitation.email, invitation.displayName, invitation.organisationName]);
    setErrors(problems);
    if (problems.length) return;
    setBusy(true);
    try {
      const made = await makeActivationMaterial(password);
      setMaterial(made.material);
      setRecoveryKey(made.recoveryKey);
      setPassword('');
      setRepeat('');
      setStep('recovery');
    } finally {
      setBusy(false);
    }
  };

  const recoveryKept = async (e: FormEvent) => {
    e.preventDefault();
    if (!kept) return setErrors([t('activate.recoveryMustConfirm')]);
    setErrors([]);
    setBusy(true);
    try {
      setTotp(await api.post<{ secret: string; otpauthUrl: string }>(`/api/auth/invitations/${token}/totp`));
      setStep('totp');
    } catch (err) {
      setErrors([actionError(t, err)]);
    } finally {
      setBusy(false);
    }
  };

  const activate = async (e: FormEvent) => {
    e.preventDefault();
    const digits = code.replace(/\s/g, '');
    if (!/^[0-9]{6}$/.test(digits)) return setErrors([t('activate.codeFormat')]);
    if (!material) return;
    setErrors([]);
    setBusy(true);
    try {
      const answer = await api.post<{ userId: string; backupCodes: string[] }>(`/api/auth/invitations/${token}/activate`, { ...material, totp: digits });
      // The account exists: what made it is no longer needed in this tab.
      setMaterial(null);
      setRecoveryKey(null);
      setTotp(null);
      setBackupCodes(answer.backupCodes);
      setStep('codes');
    } catch (err) {
      setErrors([actionError(t, err)]);
    } finally {
      setBusy(false);
    }
  };

  const finish = (e: FormEvent) => {
    e.preventDefault();
    if (!codesKept) return setErrors([t('activate.codesMustConfirm')]);
    setBackupCodes(null);
    props.navigate('/staff');
  };

  const header = invitation && (
    <dl className="facts">
      <dt>{t('activate.organisation')}</dt>
      <dd>{invitation.organisationName}</dd>
      <dt>{t('activate.name')}</dt>
      <dd>{invitation.displayName}</dd>
      <dt>{t('activate.email')}</dt>
      <dd>{invitation.email}</dd>
      <dt>{t('activate.roles')}</dt>
      <dd>{invitation.roles.map((r) => t(`role.${r}`)).join(', ')}</dd>
    </dl>
  );
  const fileHeader = (title: string) => [
    title,
    invitation ? `${invitation.organisationName} – ${invitation.email}` : '',
    formatDate(new Date().toISOString(), language),
  ];

  return (
    <StaffShell session={null} heading={t('activate.title')} headingKey={`activate-${step}-${fatal ? 'fatal' : 'ok'}`}>
      {fatal && (
        <p className="error-text" role="alert">
          {fatal}
        </p>
      )}
      {!fatal && !invitation && <p role="status">{t('common.loading')}</p>}
      {!fatal && invitation && (
        <>
          <ol className="stages" aria-label={t('activate.steps')}>
            {(['password', 'recovery', 'totp', 'codes'] as Step[]).map((s) => (
              <li key={s} aria-current={s === step ? 'step' : undefined}>
                {t(`activate.step.${s}`)}
              </li>
            ))}
          </ol>
          {step === 'password' && (
            <form onSubmit={(e) => void choosePassword(e)} noValidate aria-labelledby="activate-password-heading">
              <h2 id="activate-password-heading">{t('activate.step.password')}</h2>
              {header}
              <p>{t('activate.passwordIntro', { date: formatDate(invitation.expiresAt, language, true) })}</p>
              <NewPasswordFields id="activate" password={password} repeat={repeat} onPassword={setPassword} onRepeat={setRepeat} />
              <ErrorList errors={errors} />
              <div className="actions">
                <button type="submit" className="primary" disabled={busy}>
                  {busy ? t('activate.making') : t('activate.makeKeys')}
                </button>
              </div>
            </form>
          )}
          {step === 'recovery' && recoveryKey && (
            <form onSubmit={(e) => void recoveryKept(e)} noValidate>
              <SecretSheet
                id="recovery-key"
                title={t('activate.recoveryTitle')}
                intro={t('activate.recoveryIntro')}
                values={[recoveryKey]}
                fileName="kanava-recovery-key.txt"
                fileHeader={fileHeader(t('activate.recoveryTitle'))}
              />
              <div className="choice">
                <input id="activate-recovery-kept" type="checkbox" checked={kept} onChange={(e) => setKept(e.target.checked)} />
                <label htmlFor="activate-recovery-kept">{t('activate.recoveryConfirm')}</label>
              </div>
              <ErrorList errors={errors} />
              <div className="actions no-print">
                <button type="submit" className="primary" disabled={busy}>
                  {t('activate.continue')}
                </button>
              </div>
            </form>
          )}
          {step === 'totp' && totp && (
            <form onSubmit={(e) => void activate(e)} noValidate aria-labelledby="activate-totp-heading">
              <h2 id="activate-totp-heading">{t('activate.step.totp')}</h2>
              <p>{t('activate.totpIntro')}</p>
              <div className="totp-setup">
                <QrCode text={totp.otpauthUrl} label={t('activate.totpQr')} testId="totp-qr" />
                <dl className="facts">
                  <dt>{t('activate.totpSecret')}</dt>
                  <dd className="mono" data-testid="totp-secret">
                    {totp.secret}
                  </dd>
                  <dt>{t('activate.totpUri')}</dt>
                  <dd className="mono wrap" data-testid="totp-uri">
                    {totp.otpauthUrl}
                  </dd>
                </dl>
              </div>
              <div className="field">
                <label htmlFor="activate-code">{t('activate.code')}</label>
                <input
                  id="activate-code"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  aria-describedby="activate-code-hint"
                  value={code}
                  onChange={(e) => setCode(e.target.value)}
                />
                <p className="hint" id="activate-code-hint">
                  {t('activate.codeHint')}
                </p>
              </div>
              <ErrorList errors={errors} />
              <div className="actions">
                <button type="submit" className="primary" disabled={busy}>
                  {t('activate.submit')}
                </button>
              </div>
            </form>
          )}
          {step === 'codes' && backupCodes && (
            <form onSubmit={finish} noValidate>
              <p className="ok" role="status">
                {t('activate.done')}
              </p>
              <SecretSheet
                id="backup-codes"
                title={t('activate.codesTitle')}
                intro={t('activate.codesIntro')}
                values={backupCodes}
                fileName="kanava-backup-codes.txt"
                fileHeader={fileHeader(t('activate.codesTitle'))}
              />
              <div className="choice">
                <input id="activate-codes-kept" type="checkbox" checked={codesKept} onChange={(e) => setCodesKept(e.target.checked)} />
                <label htmlFor="activate-codes-kept">{t('activate.codesConfirm')}</label>
              </div>
              <ErrorList errors={errors} />
              <div className="actions no-print">
                <button type="submit" className="primary">
                  {t('activate.toSignIn')}
                </button>
              </div>
            </form>
          )}
        </>
      )}
    </StaffShell>
  );
}
