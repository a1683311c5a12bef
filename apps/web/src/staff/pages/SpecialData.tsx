import { FormEvent, useState } from 'react';
import { useI18n } from '../../shared/i18n';
import type { PageProps } from '../page-props';
import { OpenedCase, sealItem } from '../case-client';
import { ensureInternalKey } from '../internal-key';
import { formatDate } from '../layout';
import { ConfirmButton, StatusLine, useAction } from './confirm';

const CATEGORIES = ['special_category', 'criminal_offence'];

/**
 * Special categories of personal data (GDPR 9) and data on criminal offences
 * (GDPR 10) in the case (R34, FI 30 §): the flag needs a note on why processing
 * them is necessary. The note is an internal note, encrypted here under the case's
 * internal key; the server stores the categories and the note's id only.
 */
export function SpecialData(props: PageProps & { opened: OpenedCase; readOnly: boolean; reload: () => Promise<void> }) {
  const { t, language } = useI18n();
  const { session, opened, readOnly, reload } = props;
  const { view } = opened;
  const flagged = view.specialData.categories;
  const note = opened.items.find((i) => i.itemId === view.specialData.necessityNoteId);
  const action = useAction();
  const [chosen, setChosen] = useState<string[]>(flagged);
  const [necessity, setNecessity] = useState('');
  const noKey = !!view.internalKeyId && !opened.keys.internal;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (chosen.length === 0) return action.fail(t('special.chooseOne'));
    if (!necessity.trim()) return action.fail(t('special.necessityRequired'));
    const ok = await action.run(async () => {
      await ensureInternalKey(session, opened);
      const item = sealItem(session, opened, 'note', necessity.trim());
      await session.api.put(`/api/staff/cases/${view.id}/special-data`, { categories: chosen, note: item });
      await reload();
    }, t('special.saved'));
    if (ok) setNecessity('');
  };

  return (
    <section className="panel" aria-labelledby="special-heading">
      <h2 id="special-heading">{t('special.title')}</h2>
      {flagged.length > 0 ? (
        <div data-testid="special-data">
          <p className="warning">{t('special.flagged', { categories: flagged.map((c) => t(`special.category.${c}`)).join(', ') })}</p>
          <p className="meta">{note ? `${t('special.necessity')} · ${formatDate(note.createdAt, language, true)}` : t('special.necessity')}</p>
          <p className="pre" data-testid="special-necessity">
            {note?.value ? String(note.value.text ?? '') : t('special.noteUnreadable')}
          </p>
        </div>
      ) : (
        <p>{t('special.none')}</p>
      )}
      {!readOnly &&
        (noKey ? (
          <p>{t('case.noInternalKey')}</p>
        ) : (
          <>
            <form onSubmit={(e) => void save(e)} noValidate aria-label={t('special.formLabel')}>
              <fieldset>
                <legend>{t('special.which')}</legend>
                {CATEGORIES.map((c) => (
                  <div className="choice" key={c}>
                    <input
                      id={`special-${c}`}
                      type="checkbox"
                      checked={chosen.includes(c)}
                      onChange={(e) => setChosen((list) => (e.target.checked ? [...list, c] : list.filter((x) => x !== c)))}
                    />
                    <label htmlFor={`special-${c}`}>{t(`special.category.${c}`)}</label>
                  </div>
                ))}
              </fieldset>
              <div className="field">
                <label htmlFor="special-necessity">{t('special.necessity')}</label>
                <textarea
                  id="special-necessity"
                  rows={3}
                  aria-describedby="special-necessity-hint"
                  value={necessity}
                  onChange={(e) => setNecessity(e.target.value)}
                />
                <p className="hint" id="special-necessity-hint">
                  {t('special.necessityHint')}
                </p>
              </div>
              <div className="actions">
                <button type="submit" disabled={action.busy}>
                  {flagged.length ? t('special.update') : t('special.save')}
                </button>
              </div>
            </form>
            {flagged.length > 0 && (
              <ConfirmButton
                id="special-clear"
                label={t('special.clear')}
                question={t('special.clearQuestion')}
                yes={t('special.clearYes')}
                action={action}
                onConfirm={() =>
                  action.run(async () => {
                    await session.api.put(`/api/staff/cases/${view.id}/special-data`, { categories: [] });
                    setChosen([]);
                    await reload();
                  }, t('special.cleared'))
                }
              />
            )}
          </>
        ))}
      <StatusLine status={action.status} />
    </section>
  );
}
