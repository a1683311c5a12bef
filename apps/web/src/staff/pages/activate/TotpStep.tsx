import { FormEvent, useState } from 'react';
import { useI18n } from '../../../shared/i18n';
import type { ActivationMaterial } from '../../account-keys';
import { QrCode } from '../../qr-code';
import type { StaffApi } from '../../staff-api';
import { actionError } from '../CasePage';
import { ErrorList } from '../NewPassword';
import type { TotpSetup } from './invitation';

/** The authenticator app, set up with a code from it; the code and the keys made in this browser activate the account. */
export function TotpStep(props: {
  api: StaffApi;
  token: string | null;
  totp: TotpSetup;
  material: ActivationMaterial | null;
  onActivated: (backupCodes: string[]) => void;
}) {
  const { t } = useI18n();
  const { totp } = props;
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);

  const activate = async (e: FormEvent) => {
    e.preventDefault();
    const digits = code.replace(/\s/g, '');
    if (!/^[0-9]{6}$/.test(digits)) return setErrors([t('activate.codeFormat')]);
    if (!props.material) return;
    setErrors([]);
    setBusy(true);
    try {
      const answer = await props.api.post<{ userId: string; backupCodes: string[] }>(`/api/auth/invitations/${props.token}/activate`, {
        ...props.material,
        totp: digits,
      });
      props.onActivated(answer.backupCodes);
    } catch (err) {
      setErrors([actionError(t, err)]);
    } finally {
      setBusy(false);
    }
  };

  return (
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
  );
}
