import { FormEvent, useEffect, useState } from 'react';
import { useI18n } from '../../shared/i18n';
import { StaffShell } from '../layout';
import { StaffSession } from '../session';

interface NoticeWire {
  version: number;
  language: string;
  text: string;
  acceptedAt: string | null;
}

/** The confidentiality notice (Act 1171/2022, 32 and 36 §): accepted before the first case is opened (R22). */
export function Notice(props: { session: StaffSession; onAccepted: () => void }) {
  const { t, language } = useI18n();
  const { session, onAccepted } = props;
  const [notice, setNotice] = useState<NoticeWire | null>(null);
  const [checked, setChecked] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    // In the console's language; acceptance counts for the notice's version, whichever language it was read in.
    session.api.get<NoticeWire>(`/api/staff/confidentiality-notice?language=${language}`).then(
      (n) => (n.acceptedAt ? onAccepted() : setNotice(n)),
      () => setError(t('error.load')),
    );
  }, [session, onAccepted, t, language]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!notice) return;
    if (!checked) return setError(t('notice.mustConfirm'));
    try {
      await session.api.post('/api/staff/confidentiality-notice', { version: notice.version, language: notice.language });
      onAccepted();
    } catch {
      setError(t('error.action'));
    }
  };

  return (
    <StaffShell session={session} heading={t('notice.title')} headingKey="notice">
      {!notice && !error && <p role="status">{t('common.loading')}</p>}
      {notice && (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <p>{t('notice.intro')}</p>
          <div className="note" lang={notice.language}>
            {notice.text.split('\n').map((line) => (
              <p key={line}>{line}</p>
            ))}
          </div>
          <div className="choice">
            <input id="notice-accept" type="checkbox" checked={checked} onChange={(e) => setChecked(e.target.checked)} />
            <label htmlFor="notice-accept">{t('notice.confirm')}</label>
          </div>
          <div className="actions">
            <button type="submit" className="primary">
              {t('notice.accept')}
            </button>
          </div>
        </form>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </StaffShell>
  );
}
