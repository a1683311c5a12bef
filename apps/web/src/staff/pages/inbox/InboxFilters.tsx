import { FormEvent, useState } from 'react';
import { useI18n } from '../../../shared/i18n';
import { normaliseReference, REFERENCE_PREFIX_PATTERN } from '../../case-reference';

export const STATUSES = ['received', 'triaged', 'investigating', 'concluded', 'closed'];

export interface InboxFilterValues {
  status: string;
  channelId: string;
  categoryId: string;
  due: string;
  sort: string;
  specialData: string;
  reference: string;
  unread: string;
  label: string;
}

/** One of the organisation's labels, as `GET /api/staff/labels` lists it. */
export interface InboxLabel {
  id: string;
  name: string;
}

export const NO_FILTERS: InboxFilterValues = {
  status: '',
  channelId: '',
  categoryId: '',
  due: '',
  sort: 'received',
  specialData: '',
  reference: '',
  unread: '',
  label: '',
};

/**
 * The inbox's filters (sent to the server), the reference filter, and the search over what
 * is loaded (never sent). The channel and category choices are those of the cases seen so far.
 */
export function InboxFilters(props: {
  filters: InboxFilterValues;
  onFilters: (update: (f: InboxFilterValues) => InboxFilterValues) => void;
  channels: Map<string, string>;
  categories: Map<string, string>;
  labels: InboxLabel[];
  showTitles: boolean;
  onShowTitles: (on: boolean) => void;
  search: string;
  onSearch: (text: string) => void;
  onRefresh: () => void;
}) {
  const { t } = useI18n();
  // The reference as typed; it becomes a filter once it is the start of a reference.
  const [referenceText, setReferenceText] = useState('');
  const [referenceInvalid, setReferenceInvalid] = useState(false);
  const set = (name: keyof InboxFilterValues) => (e: { target: { value: string } }) => props.onFilters((f) => ({ ...f, [name]: e.target.value }));
  const applyReference = (e: FormEvent) => {
    e.preventDefault();
    const typed = referenceText.trim();
    const normalised = normaliseReference(typed);
    if (typed && !REFERENCE_PREFIX_PATTERN.test(normalised)) return setReferenceInvalid(true);
    setReferenceInvalid(false);
    props.onFilters((f) => ({ ...f, reference: typed ? normalised : '' }));
  };

  return (
    <>
      <form className="filters" aria-label={t('inbox.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="filter-status">{t('inbox.status')}</label>
          <select id="filter-status" value={props.filters.status} onChange={set('status')}>
            <option value="">{t('inbox.any')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-channel">{t('inbox.channel')}</label>
          <select id="filter-channel" value={props.filters.channelId} onChange={set('channelId')}>
            <option value="">{t('inbox.any')}</option>
            {[...props.channels].map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-category">{t('inbox.category')}</label>
          <select id="filter-category" value={props.filters.categoryId} onChange={set('categoryId')}>
            <option value="">{t('inbox.any')}</option>
            {[...props.categories].map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-due">{t('inbox.due')}</label>
          <select id="filter-due" value={props.filters.due} onChange={set('due')}>
            <option value="">{t('inbox.any')}</option>
            <option value="overdue">{t('inbox.dueOverdue')}</option>
            <option value="soon">{t('inbox.dueSoon')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-special">{t('inbox.specialData')}</label>
          <select id="filter-special" value={props.filters.specialData} onChange={set('specialData')}>
            <option value="">{t('inbox.any')}</option>
            <option value="flagged">{t('inbox.specialDataFlagged')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-unread">{t('inbox.unreadFilter')}</label>
          <select id="filter-unread" value={props.filters.unread} onChange={set('unread')}>
            <option value="">{t('inbox.any')}</option>
            <option value="only">{t('inbox.unreadOnly')}</option>
          </select>
        </div>
        {props.labels.length > 0 && (
          <div className="field">
            <label htmlFor="filter-label">{t('labels.filter')}</label>
            <select id="filter-label" value={props.filters.label} onChange={set('label')}>
              <option value="">{t('inbox.any')}</option>
              {props.labels.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor="filter-sort">{t('inbox.sort')}</label>
          <select id="filter-sort" value={props.filters.sort} onChange={set('sort')}>
            <option value="received">{t('inbox.sortReceived')}</option>
            <option value="due">{t('inbox.sortDue')}</option>
          </select>
        </div>
        <div className="field">
          <button type="button" onClick={props.onRefresh}>
            {t('inbox.refresh')}
          </button>
        </div>
        <div className="field">
          <div className="choice">
            <input
              id="show-titles"
              type="checkbox"
              checked={props.showTitles}
              onChange={(e) => props.onShowTitles(e.target.checked)}
              aria-describedby="show-titles-hint"
            />
            <label htmlFor="show-titles">{t('inbox.showTitles')}</label>
          </div>
          <p id="show-titles-hint" className="hint">
            {t('inbox.showTitlesHint')}
          </p>
        </div>
      </form>
      <div className="filters">
        <form className="inline-form" aria-label={t('inbox.referenceForm')} onSubmit={applyReference} noValidate>
          <div className="field">
            <label htmlFor="filter-reference">{t('inbox.referenceFilter')}</label>
            <input
              id="filter-reference"
              value={referenceText}
              onChange={(e) => setReferenceText(e.target.value)}
              aria-invalid={referenceInvalid || undefined}
              aria-describedby={referenceInvalid ? 'filter-reference-error' : undefined}
              autoComplete="off"
            />
          </div>
          <button type="submit">{t('inbox.referenceApply')}</button>
          {referenceInvalid && (
            <p className="error-text" id="filter-reference-error" role="alert">
              {t('inbox.referenceInvalid')}
            </p>
          )}
        </form>
        <div className="field" role="search">
          <label htmlFor="inbox-search">{t('inbox.search')}</label>
          <input
            id="inbox-search"
            type="search"
            value={props.search}
            onChange={(e) => props.onSearch(e.target.value)}
            aria-describedby="inbox-search-hint"
            autoComplete="off"
          />
          <p id="inbox-search-hint" className="hint">
            {props.showTitles ? t('inbox.searchHint') : t('inbox.searchNeedsTitles')}
          </p>
        </div>
      </div>
    </>
  );
}
