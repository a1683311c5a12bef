import { useEffect, useState } from 'react';
import { useI18n } from '../../shared/i18n';
import type { ActivationMaterial } from '../account-keys';
import { formatDate, StaffShell } from '../layout';
import { StaffApi } from '../staff-api';
import { actionError } from './CasePage';
import { CodesStep } from './activate/CodesStep';
import type { Invitation, TotpSetup } from './activate/invitation';
import { PasswordStep } from './activate/PasswordStep';
import { RecoveryStep } from './activate/RecoveryStep';
import { TotpStep } from './activate/TotpStep';

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
  const [material, setMaterial] = useState<ActivationMaterial | null>(null);
  const [recoveryKey, setRecoveryKey] = useState<string | null>(null);
  const [totp, setTotp] = useState<TotpSetup | null>(null);
  const [backupCodes, setBackupCodes] = useState<string[] | null>(null);
  const [fatal, setFatal] = useState<string | null>(token ? null : t('activate.noToken'));

  useEffect(() => {
    // The token is a credential: it leaves the address bar and the history entry.
    if (window.location.hash) window.history.replaceState(null, '', '/staff/activate');
    if (!token) return;
    api.get<Invitation>(`/api/auth/invitations/${token}`).then(setInvitation, (err) => setFatal(actionError(t, err)));
    // Asked once per page; `t` is left out so a change of language does not ask again.
  }, [token, api]);

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
            <PasswordStep
              invitation={invitation}
              header={header}
              onMade={(made, key) => {
                setMaterial(made);
                setRecoveryKey(key);
                setStep('recovery');
              }}
            />
          )}
          {step === 'recovery' && recoveryKey && (
            <RecoveryStep
              api={api}
              token={token}
              recoveryKey={recoveryKey}
              fileHeader={fileHeader(t('activate.recoveryTitle'))}
              onTotp={(setup) => {
                setTotp(setup);
                setStep('totp');
              }}
            />
          )}
          {step === 'totp' && totp && (
            <TotpStep
              api={api}
              token={token}
              totp={totp}
              material={material}
              onActivated={(codes) => {
                // The account exists: what made it is no longer needed in this tab.
                setMaterial(null);
                setRecoveryKey(null);
                setTotp(null);
                setBackupCodes(codes);
                setStep('codes');
              }}
            />
          )}
          {step === 'codes' && backupCodes && (
            <CodesStep
              backupCodes={backupCodes}
              fileHeader={fileHeader(t('activate.codesTitle'))}
              onFinish={() => {
                setBackupCodes(null);
                props.navigate('/staff');
              }}
            />
          )}
        </>
      )}
    </StaffShell>
  );
}
