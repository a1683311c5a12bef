import { FormEvent, useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../shared/i18n';
import type { PageProps } from '../page-props';
import { StaffShell } from '../layout';
import { ConfirmButton, StatusLine, useAction } from './confirm';
import { useResource } from '../async-list';

interface AdminLabel {
  id: string;
  name: string;
  cases: number;
}

/** One label: renamed in place, deleted after a confirmation that says how many cases lose it. */
function LabelRow(props: { label: AdminLabel; onChanged: () => Promise<void>; onDeleted: (text: string) => void; api: PageProps['session']['api'] }) {
  const { t } = useI18n();
  const { label } = props;
  const [name, setName] = useState(label.name);
  // Renamed elsewhere (or here, once reloaded): the field follows the saved name.
  useEffect(() => setName(label.name), [label.name]);
  const action = useAction();
  const rename = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return action.fail(t('admin.labels.nameMissing'));
    void action.run(
      async () => {
        await props.api.patch(`/api/admin/labels/${label.id}`, { name: name.trim() });
        await props.onChanged();
      },
      t('admin.labels.renamed', { name: name.trim() }),
    );
  };
  return (
    <li data-label-id={label.id}>
      <form className="inline-form" onSubmit={rename} noValidate aria-label={t('admin.labels.rowForm', { name: label.name })}>
        <div className="field">
          <label htmlFor={`label-${label.id}`}>{t('admin.labels.nameOf', { name: label.name })}</label>
          <input id={`label-${label.id}`} maxLength={60} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <button type="submit" disabled={action.busy}>
          {t('admin.labels.rename')}
        </button>
        <span className="hint">{t('admin.labels.cases', { n: label.cases })}</span>
        <ConfirmButton
          id={`delete-label-${label.id}`}
          label={t('admin.labels.delete', { name: label.name })}
          question={t('admin.labels.deleteConfirm', { name: label.name, n: label.cases })}
          yes={t('admin.labels.deleteYes')}
          action={action}
          onConfirm={() =>
            action.run(
              async () => {
                await props.api.delete(`/api/admin/labels/${label.id}`);
                // The row goes with the label: the page says it was deleted.
                props.onDeleted(t('admin.labels.deleted', { name: label.name }));
                await props.onChanged();
              },
              t('admin.labels.deleted', { name: label.name }),
            )
          }
        />
      </form>
      <StatusLine status={action.status} />
    </li>
  );
}

/** The organisation's labels, which handlers put on cases: names only, never a case's content. */
export function AdminLabels(props: PageProps) {
  const { t } = useI18n();
  const { session } = props;
  const [name, setName] = useState('');
  const [deleted, setDeleted] = useState<string | null>(null);
  const action = useAction();

  const loadLabels = useCallback(() => session.api.get<AdminLabel[]>('/api/admin/labels'), [session]);
  const { data: labels, error, reload: load } = useResource(loadLabels, t('error.load'));

  const create = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return action.fail(t('admin.labels.nameMissing'));
    void action
      .run(
        async () => {
          await session.api.post('/api/admin/labels', { name: name.trim() });
          await load();
        },
        t('admin.labels.created', { name: name.trim() }),
      )
      .then((ok) => ok && setName(''));
  };

  return (
    <StaffShell {...props} heading={t('admin.labels.title')} headingKey="admin-labels">
      <p>{t('admin.labels.intro')}</p>
      {!labels && !error && <p role="status">{t('common.loading')}</p>}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <StatusLine status={deleted ? { ok: true, text: deleted } : null} />
      {labels && labels.length === 0 && <p>{t('admin.labels.none')}</p>}
      {labels && labels.length > 0 && (
        <ul className="plain" data-testid="labels">
          {labels.map((l) => (
            <LabelRow key={l.id} label={l} onChanged={load} onDeleted={setDeleted} api={session.api} />
          ))}
        </ul>
      )}
      <section className="panel" aria-labelledby="new-label-heading">
        <h2 id="new-label-heading">{t('admin.labels.new')}</h2>
        <form className="inline-form" onSubmit={create} noValidate>
          <div className="field">
            <label htmlFor="new-label-name">{t('admin.labels.name')}</label>
            <input id="new-label-name" maxLength={60} value={name} onChange={(e) => setName(e.target.value)} />
          </div>
          <button type="submit" disabled={action.busy}>
            {t('admin.labels.add')}
          </button>
        </form>
        <StatusLine status={action.status} />
      </section>
    </StaffShell>
  );
}
