import { FormEvent, useState } from 'react';
import { useI18n } from '../../../shared/i18n';
import { StatusLine, type Status } from '../../../shared/status-line';
import type { StaffSession } from '../../session';
import { actionError } from '../CasePage';
import type { InboxLabel } from './InboxFilters';

/** A label added to, or taken off, the selected cases of the inbox at once. */
export function BulkLabel(props: { session: StaffSession; labels: InboxLabel[]; selected: Set<string>; onDone: () => void }) {
  const { t } = useI18n();
  const [labelId, setLabelId] = useState('');
  const [status, setStatus] = useState<Status | null>(null);
  const [busy, setBusy] = useState(false);
  if (props.labels.length === 0) return null;

  const run = async (e: FormEvent, action: 'add' | 'remove') => {
    e.preventDefault();
    setStatus(null);
    const label = props.labels.find((l) => l.id === labelId);
    if (!label) return setStatus({ ok: false, text: t('labels.choose') });
    if (props.selected.size === 0) return setStatus({ ok: false, text: t('labels.selectFirst') });
    setBusy(true);
    try {
      const { changed } = await props.session.api.post<{ changed: string[] }>('/api/staff/cases/labels', {
        caseIds: [...props.selected],
        labelId,
        action,
      });
      const done = { name: label.name, n: changed.length };
      setStatus({ ok: true, text: action === 'add' ? t('labels.added', done) : t('labels.removed', done) });
      props.onDone();
    } catch (err) {
      setStatus({ ok: false, text: actionError(t, err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="bulk-label-heading">
      <h2 id="bulk-label-heading">{t('labels.bulkForm')}</h2>
      <form className="inline-form" aria-labelledby="bulk-label-heading" onSubmit={(e) => void run(e, 'add')} noValidate>
        <div className="field">
          <label htmlFor="bulk-label">{t('labels.label')}</label>
          <select id="bulk-label" value={labelId} onChange={(e) => setLabelId(e.target.value)}>
            <option value="">{t('labels.chooseOption')}</option>
            {props.labels.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={busy}>
          {t('labels.addToSelected', { n: props.selected.size })}
        </button>
        <button type="button" disabled={busy} onClick={(e) => void run(e, 'remove')}>
          {t('labels.removeFromSelected', { n: props.selected.size })}
        </button>
      </form>
      <StatusLine status={status} />
    </section>
  );
}
