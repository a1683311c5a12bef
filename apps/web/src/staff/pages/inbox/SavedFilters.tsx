import { FormEvent, useCallback, useState } from 'react';
import { useI18n } from '../../../shared/i18n';
import { StatusLine, type Status } from '../../../shared/status-line';
import type { StaffSession } from '../../session';
import { actionError } from '../CasePage';
import { useResource } from '../../async-list';
import { ConfirmButton, useAction } from '../confirm';
import { InboxFilterValues, NO_FILTERS } from './InboxFilters';

interface Saved {
  id: string;
  name: string;
  filter: Partial<InboxFilterValues>;
}

/** The filters set now, as the server keeps them: only those with a value, the default sort left out. */
function setFilters(f: InboxFilterValues): Partial<InboxFilterValues> {
  return Object.fromEntries(Object.entries(f).filter(([k, v]) => v && !(k === 'sort' && v === 'received')));
}

/** The handler's filters kept by name: applied with one choice, saved from what is set now, deleted after a confirmation. */
export function SavedFilters(props: { session: StaffSession; filters: InboxFilterValues; onFilters: (f: InboxFilterValues) => void }) {
  const { t } = useI18n();
  const { session } = props;
  const [chosen, setChosen] = useState('');
  const [name, setName] = useState('');
  const [status, setStatus] = useState<Status | null>(null);
  const remove = useAction();

  const loadSaved = useCallback(() => session.api.get<Saved[]>('/api/staff/saved-filters'), [session]);
  const { data, error, reload: load } = useResource(loadSaved, t('error.load'));
  const saved = data ?? [];

  const apply = (id: string) => {
    setChosen(id);
    const found = saved.find((s) => s.id === id);
    if (found) props.onFilters({ ...NO_FILTERS, ...found.filter });
  };
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setStatus(null);
    if (!name.trim()) return setStatus({ ok: false, text: t('savedFilters.nameMissing') });
    try {
      const made = await session.api.post<Saved>('/api/staff/saved-filters', { name: name.trim(), filter: setFilters(props.filters) });
      setStatus({ ok: true, text: t('savedFilters.saved', { name: made.name }) });
      setName('');
      await load();
      setChosen(made.id);
    } catch (err) {
      setStatus({ ok: false, text: actionError(t, err) });
    }
  };
  const current = saved.find((s) => s.id === chosen);

  return (
    <div className="filters">
      {saved.length > 0 && (
        <div className="field">
          <label htmlFor="saved-filter">{t('savedFilters.choose')}</label>
          <select id="saved-filter" value={chosen} onChange={(e) => apply(e.target.value)}>
            <option value="">{t('savedFilters.none')}</option>
            {saved.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {current && (
        <div className="field">
          <ConfirmButton
            id="delete-saved-filter"
            label={t('savedFilters.delete', { name: current.name })}
            question={t('savedFilters.deleteConfirm', { name: current.name })}
            yes={t('savedFilters.deleteYes')}
            action={remove}
            onConfirm={() =>
              remove.run(
                async () => {
                  await session.api.delete(`/api/staff/saved-filters/${current.id}`);
                  setChosen('');
                  await load();
                },
                t('savedFilters.deleted', { name: current.name }),
              )
            }
          />
        </div>
      )}
      <form className="inline-form" aria-label={t('savedFilters.form')} onSubmit={(e) => void save(e)} noValidate>
        <div className="field">
          <label htmlFor="saved-filter-name">{t('savedFilters.name')}</label>
          <input id="saved-filter-name" maxLength={60} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
        </div>
        <button type="submit">{t('savedFilters.save')}</button>
      </form>
      <StatusLine status={remove.status ?? status ?? (error ? { ok: false, text: error } : null)} />
    </div>
  );
}
