import { FormEvent, useState } from 'react';
import { useI18n } from '../../../shared/i18n';
import { SecretSheet } from '../../secret-sheet';
import type { StaffApi } from '../../staff-api';
import { actionError } from '../CasePage';
import { ErrorList } from '../NewPassword';
import type { TotpSetup } from './invitation';

/** The recovery key, shown once: the next step (the authenticator's secret) comes only once it is confirmed as kept. */
export function RecoveryStep(props: { api: StaffApi; token: string | null; recoveryKey: string; fileHeader: string[]; onTotp: (totp: TotpSetup) => void }) {
  const { t } = useI18n();
  const [kept, setKept] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);

  const recoveryKept = async (e: FormEvent) => {
    e.preventDefault();
    if (!kept) return setErrors([t('activate.recoveryMustConfirm')]);
    setErrors([]);
    setBusy(true);
    try {
      props.onTotp(await props.api.post<TotpSetup>(`/api/auth/invitations/${props.token}/totp`));
    } catch (err) {
      setErrors([actionError(t, err)]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void recoveryKept(e)} noValidate>
      <SecretSheet
        id="recovery-key"
        title={t('activate.recoveryTitle')}
        intro={t('activate.recoveryIntro')}
        values={[props.recoveryKey]}
        fileName="kanava-recovery-key.txt"
        fileHeader={props.fileHeader}
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
  );
}
