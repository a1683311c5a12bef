import { FormEvent, useState } from 'react';
import { useI18n } from '../../../shared/i18n';
import { Status, StatusLine } from '../../../shared/status-line';
import type { PageProps } from '../../page-props';
import { ApiError } from '../../staff-api';
import { actionError } from '../CasePage';
import type { AdminChannel } from '../AdminChannels';

/** The law's longest retention (five years and a day); the server refuses more. */
const MAX_RETENTION_DAYS = 1826;

/**
 * The channel's retention: days after receipt, and optionally a shorter period
 * after closure. When the change would make cases due for deletion at the next
 * purge, the server refuses with their number; the admin confirms explicitly.
 */
export function RetentionForm(props: PageProps & { channel: AdminChannel; reload: () => Promise<void> }) {
  const { t } = useI18n();
  const { session, channel } = props;
  const [days, setDays] = useState(String(channel.retentionDays));
  const [closedDays, setClosedDays] = useState(channel.closedRetentionDays === null ? '' : String(channel.closedRetentionDays));
  const [pending, setPending] = useState<{ text: string } | null>(null);
  const [status, setStatus] = useState<Status | null>(null);
  const id = `retention-${channel.id}`;

  const parse = (v: string) => (/^[0-9]+$/.test(v.trim()) ? Number(v.trim()) : NaN);
  const save = async (confirm: boolean) => {
    setStatus(null);
    const retentionDays = parse(days);
    const closed = closedDays.trim() === '' ? null : parse(closedDays);
    const valid = (n: number) => Number.isInteger(n) && n >= 1 && n <= MAX_RETENTION_DAYS;
    if (!valid(retentionDays) || (closed !== null && !valid(closed)))
      return setStatus({ ok: false, text: t('admin.retention.invalid', { max: MAX_RETENTION_DAYS }) });
    try {
      const answer = await session.api.put<{ casesDueNow: number }>(`/api/admin/channels/${channel.id}/retention`, {
        retentionDays,
        closedRetentionDays: closed,
        ...(confirm ? { confirm: true } : {}),
      });
      setPending(null);
      setStatus({ ok: true, text: answer.casesDueNow > 0 ? t('admin.retention.savedDue', { count: answer.casesDueNow }) : t('admin.retention.saved') });
      await props.reload();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'confirmation_required') {
        const count = err.fields.casesDueNow;
        return setPending({ text: typeof count === 'number' ? t('admin.retention.confirmCount', { count }) : t('admin.retention.confirmGeneric') });
      }
      setStatus({ ok: false, text: actionError(t, err) });
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save(false);
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{t('admin.retention.title')}</h3>
      <div className="field">
        <label htmlFor={`${id}-days`}>{t('admin.retention.days')}</label>
        <input
          id={`${id}-days`}
          className="short"
          inputMode="numeric"
          value={days}
          onChange={(e) => (setDays(e.target.value), setPending(null))}
          aria-describedby={`${id}-days-hint`}
        />
        <p className="hint" id={`${id}-days-hint`}>
          {t('admin.retention.daysHint', { max: MAX_RETENTION_DAYS })}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-closed`}>{t('admin.retention.closedDays')}</label>
        <input
          id={`${id}-closed`}
          className="short"
          inputMode="numeric"
          value={closedDays}
          onChange={(e) => (setClosedDays(e.target.value), setPending(null))}
          aria-describedby={`${id}-closed-hint`}
        />
        <p className="hint" id={`${id}-closed-hint`}>
          {t('admin.retention.closedHint')}
        </p>
      </div>
      {pending ? (
        <div className="warning" role="alert">
          <p>{pending.text}</p>
          <div className="actions">
            <button type="button" className="primary" onClick={() => void save(true)}>
              {t('admin.retention.confirmYes')}
            </button>
            <button type="button" onClick={() => setPending(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <button type="submit">{t('admin.retention.save')}</button>
      )}
      <StatusLine status={status} />
    </form>
  );
}
