import { FormEvent, useState } from 'react';
import { useI18n } from '../../../shared/i18n';
import { SecretSheet } from '../../secret-sheet';
import { ErrorList } from '../NewPassword';

/** The account exists: the backup codes, shown once, and on to sign-in once they are confirmed as kept. */
export function CodesStep(props: { backupCodes: string[]; fileHeader: string[]; onFinish: () => void }) {
  const { t } = useI18n();
  const [codesKept, setCodesKept] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);

  const finish = (e: FormEvent) => {
    e.preventDefault();
    if (!codesKept) return setErrors([t('activate.codesMustConfirm')]);
    props.onFinish();
  };

  return (
    <form onSubmit={finish} noValidate>
      <p className="ok" role="status">
        {t('activate.done')}
      </p>
      <SecretSheet
        id="backup-codes"
        title={t('activate.codesTitle')}
        intro={t('activate.codesIntro')}
        values={props.backupCodes}
        fileName="kanava-backup-codes.txt"
        fileHeader={props.fileHeader}
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
  );
}
