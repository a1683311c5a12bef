import { FormEvent, useCallback, useEffect, useState } from 'react';
import { LANGUAGES, Language, useI18n } from '../../shared/i18n';
import { StatusLine } from '../../shared/status-line';
import type { PageProps } from '../page-props';
import { StaffShell } from '../layout';
import { ApiError } from '../staff-api';
import { actionError } from './CasePage';

export interface AdminChannel {
  id: string;
  name: string;
  description: string | null;
  allowAnonymous: boolean;
  exclusionEnabled: boolean;
  voiceEnabled: boolean;
  meetingsEnabled: boolean;
  retentionDays: number;
  closedRetentionDays: number | null;
  /** Name and description per language; `name` and `description` are the default. */
  translations?: Partial<Record<string, { name?: string; description?: string }>>;
  categories: { id: string; label: string; translations?: Partial<Record<string, { label?: string }>> }[];
}

/** The law's longest retention (five years and a day); the server refuses more. */
const MAX_RETENTION_DAYS = 1826;

/** The longest channel description the server takes. */
const MAX_DESCRIPTION = 5000;

type Status = { ok: boolean; text: string } | null;

/** Channels, their settings, their categories (create, rename) and their retention. */
export function AdminChannels(props: PageProps) {
  const { t } = useI18n();
  const { session } = props;
  const [channels, setChannels] = useState<AdminChannel[] | null>(null);
  const [status, setStatus] = useState<Status>(null);
  const [name, setName] = useState('');

  const load = useCallback(async () => {
    try {
      setChannels(await session.api.get<AdminChannel[]>('/api/admin/channels'));
    } catch {
      setStatus({ ok: false, text: t('error.load') });
    }
  }, [session, t]);
  useEffect(() => {
    void load();
  }, [load]);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setStatus({ ok: false, text: t('admin.channels.nameMissing') });
    try {
      await session.api.post('/api/admin/channels', { name: name.trim() });
      setStatus({ ok: true, text: t('admin.channels.created', { name: name.trim() }) });
      setName('');
      await load();
    } catch (err) {
      setStatus({ ok: false, text: actionError(t, err) });
    }
  };

  return (
    <StaffShell {...props} heading={t('admin.channels.title')} headingKey="admin-channels">
      <p>{t('admin.channels.intro')}</p>
      {!channels && !status && <p role="status">{t('common.loading')}</p>}
      {channels?.map((c) => (
        <ChannelPanel key={c.id} {...props} channel={c} reload={load} />
      ))}
      <section className="panel" aria-labelledby="new-channel-heading">
        <h2 id="new-channel-heading">{t('admin.channels.new')}</h2>
        <form onSubmit={(e) => void create(e)} noValidate className="inline-form">
          <div className="field">
            <label htmlFor="new-channel-name">{t('admin.channels.name')}</label>
            <input id="new-channel-name" value={name} onChange={(e) => setName(e.target.value)} />
          </div>
          <button type="submit">{t('admin.channels.create')}</button>
        </form>
        <StatusLine status={status} />
      </section>
    </StaffShell>
  );
}

function ChannelPanel(props: PageProps & { channel: AdminChannel; reload: () => Promise<void> }) {
  const { t } = useI18n();
  const { session, channel } = props;
  const [name, setName] = useState(channel.name);
  const [category, setCategory] = useState('');
  const [status, setStatus] = useState<Status>(null);
  const headingId = `channel-${channel.id}-heading`;

  const run = async (work: () => Promise<string>) => {
    setStatus(null);
    try {
      setStatus({ ok: true, text: await work() });
      await props.reload();
    } catch (err) {
      setStatus({ ok: false, text: actionError(t, err) });
    }
  };
  const rename = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setStatus({ ok: false, text: t('admin.channels.nameMissing') });
    void run(async () => {
      await session.api.patch(`/api/admin/channels/${channel.id}`, { name: name.trim() });
      return t('admin.channels.renamed');
    });
  };
  const addCategory = (e: FormEvent) => {
    e.preventDefault();
    if (!category.trim()) return setStatus({ ok: false, text: t('admin.categories.labelMissing') });
    void run(async () => {
      await session.api.post(`/api/admin/channels/${channel.id}/categories`, { label: category.trim() });
      setCategory('');
      return t('admin.categories.added');
    });
  };

  return (
    <section className="panel" aria-labelledby={headingId} data-channel-id={channel.id}>
      <h2 id={headingId}>{channel.name}</h2>
      <form onSubmit={rename} noValidate className="inline-form">
        <div className="field">
          <label htmlFor={`channel-${channel.id}-name`}>{t('admin.channels.name')}</label>
          <input id={`channel-${channel.id}-name`} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <button type="submit">{t('admin.channels.rename')}</button>
      </form>
      <ChannelSettings {...props} />
      <h3>{t('admin.categories.title')}</h3>
      {channel.categories.length === 0 && <p>{t('admin.categories.none')}</p>}
      <ul className="plain">
        {channel.categories.map((c) => (
          <CategoryItem key={c.id} {...props} category={c} run={run} />
        ))}
      </ul>
      <form onSubmit={addCategory} noValidate className="inline-form">
        <div className="field">
          <label htmlFor={`channel-${channel.id}-category`}>{t('admin.categories.new')}</label>
          <input id={`channel-${channel.id}-category`} value={category} onChange={(e) => setCategory(e.target.value)} />
        </div>
        <button type="submit">{t('admin.categories.add')}</button>
      </form>
      <StatusLine status={status} />
      <TranslationsForm {...props} />
      <RetentionForm {...props} />
    </section>
  );
}

/**
 * What reporters see and may do in the channel: its description on the portal,
 * whether a report may be anonymous, and whether the reporter may name handlers
 * who must not see the report (conflict of interest).
 */
function ChannelSettings(props: PageProps & { channel: AdminChannel; reload: () => Promise<void> }) {
  const { t } = useI18n();
  const { session, channel } = props;
  const [description, setDescription] = useState(channel.description ?? '');
  const [allowAnonymous, setAllowAnonymous] = useState(channel.allowAnonymous);
  const [exclusionEnabled, setExclusionEnabled] = useState(channel.exclusionEnabled);
  const [voiceEnabled, setVoiceEnabled] = useState(channel.voiceEnabled);
  const [meetingsEnabled, setMeetingsEnabled] = useState(channel.meetingsEnabled);
  const [status, setStatus] = useState<Status>(null);
  const id = `settings-${channel.id}`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setStatus(null);
    if (description.length > MAX_DESCRIPTION) return setStatus({ ok: false, text: t('admin.channels.descriptionLong', { max: MAX_DESCRIPTION }) });
    try {
      await session.api.patch(`/api/admin/channels/${channel.id}`, {
        description: description.trim(),
        allowAnonymous,
        exclusionEnabled,
        voiceEnabled,
        meetingsEnabled,
      });
      setStatus({ ok: true, text: t('admin.channels.settingsSaved') });
      await props.reload();
    } catch (err) {
      setStatus({ ok: false, text: actionError(t, err) });
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{t('admin.channels.settings')}</h3>
      <div className="field">
        <label htmlFor={`${id}-description`}>{t('admin.channels.description')}</label>
        <textarea
          id={`${id}-description`}
          rows={3}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          aria-describedby={`${id}-description-hint`}
        />
        <p className="hint" id={`${id}-description-hint`}>
          {t('admin.channels.descriptionHint', { max: MAX_DESCRIPTION })}
        </p>
      </div>
      <div className="choice">
        <input id={`${id}-anonymous`} type="checkbox" checked={allowAnonymous} onChange={(e) => setAllowAnonymous(e.target.checked)} />
        <label htmlFor={`${id}-anonymous`}>{t('admin.channels.allowAnonymous')}</label>
      </div>
      <div className="choice">
        <input id={`${id}-exclusion`} type="checkbox" checked={exclusionEnabled} onChange={(e) => setExclusionEnabled(e.target.checked)} />
        <label htmlFor={`${id}-exclusion`}>{t('admin.channels.exclusionEnabled')}</label>
      </div>
      <div className="choice">
        <input
          id={`${id}-voice`}
          type="checkbox"
          checked={voiceEnabled}
          onChange={(e) => setVoiceEnabled(e.target.checked)}
          aria-describedby={`${id}-voice-hint`}
        />
        <label htmlFor={`${id}-voice`}>{t('admin.channels.voiceEnabled')}</label>
        <p className="hint" id={`${id}-voice-hint`}>
          {t('admin.channels.voiceHint')}
        </p>
      </div>
      <div className="choice">
        <input id={`${id}-meetings`} type="checkbox" checked={meetingsEnabled} onChange={(e) => setMeetingsEnabled(e.target.checked)} />
        <label htmlFor={`${id}-meetings`}>{t('admin.channels.meetingsEnabled')}</label>
      </div>
      <button type="submit">{t('admin.channels.saveSettings')}</button>
      <StatusLine status={status} />
    </form>
  );
}

/** A language's name in the console's language. */
function languageName(t: (key: string) => string, language: Language): string {
  switch (language) {
    case 'fi':
      return t('admin.texts.languageFi');
    case 'sv':
      return t('admin.texts.languageSv');
    default:
      return t('admin.texts.languageEn');
  }
}

type LanguageTexts = { name: string; description: string; labels: Record<string, string> };

/**
 * The channel's name and description and its categories' labels in each language
 * the portal speaks. The single-language texts above stay the default: the portal
 * shows them where a language has none. Saving sends every language at once.
 */
function TranslationsForm(props: PageProps & { channel: AdminChannel; reload: () => Promise<void> }) {
  const { t } = useI18n();
  const { session, channel } = props;
  const initial = (): Record<Language, LanguageTexts> =>
    Object.fromEntries(
      LANGUAGES.map((l) => [
        l,
        {
          name: channel.translations?.[l]?.name ?? '',
          description: channel.translations?.[l]?.description ?? '',
          labels: Object.fromEntries(channel.categories.map((c) => [c.id, c.translations?.[l]?.label ?? ''])),
        },
      ]),
    ) as Record<Language, LanguageTexts>;
  const [texts, setTexts] = useState(initial);
  const [status, setStatus] = useState<Status>(null);
  const id = `texts-${channel.id}`;
  const update = (language: Language, change: Partial<LanguageTexts>) => setTexts({ ...texts, [language]: { ...texts[language], ...change } });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setStatus(null);
    if (LANGUAGES.some((l) => texts[l].description.length > MAX_DESCRIPTION))
      return setStatus({ ok: false, text: t('admin.channels.descriptionLong', { max: MAX_DESCRIPTION }) });
    try {
      await session.api.put(`/api/admin/channels/${channel.id}/translations`, {
        languages: LANGUAGES.map((language) => ({
          language,
          name: texts[language].name.trim(),
          description: texts[language].description.trim(),
          categories: channel.categories.map((c) => ({ categoryId: c.id, label: (texts[language].labels[c.id] ?? '').trim() })),
        })),
      });
      setStatus({ ok: true, text: t('admin.texts.saved') });
      await props.reload();
    } catch (err) {
      setStatus({ ok: false, text: actionError(t, err) });
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-heading`} data-testid="channel-translations">
      <h3 id={`${id}-heading`}>{t('admin.texts.title')}</h3>
      <p className="hint">{t('admin.texts.intro')}</p>
      {LANGUAGES.map((language) => {
        const name = languageName(t, language);
        return (
          <fieldset key={language}>
            <legend>{name}</legend>
            <div className="field">
              <label htmlFor={`${id}-${language}-name`}>{t('admin.texts.name', { language: name })}</label>
              <input
                id={`${id}-${language}-name`}
                lang={language}
                maxLength={200}
                value={texts[language].name}
                onChange={(e) => update(language, { name: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-${language}-description`}>{t('admin.texts.description', { language: name })}</label>
              <textarea
                id={`${id}-${language}-description`}
                lang={language}
                rows={2}
                value={texts[language].description}
                onChange={(e) => update(language, { description: e.target.value })}
              />
            </div>
            {channel.categories.map((c) => (
              <div className="field" key={c.id}>
                <label htmlFor={`${id}-${language}-${c.id}`}>{t('admin.texts.category', { label: c.label, language: name })}</label>
                <input
                  id={`${id}-${language}-${c.id}`}
                  lang={language}
                  maxLength={200}
                  value={texts[language].labels[c.id] ?? ''}
                  onChange={(e) => update(language, { labels: { ...texts[language].labels, [c.id]: e.target.value } })}
                />
              </div>
            ))}
          </fieldset>
        );
      })}
      <button type="submit">{t('admin.texts.save')}</button>
      <StatusLine status={status} />
    </form>
  );
}

function CategoryItem(props: PageProps & { category: { id: string; label: string }; run: (work: () => Promise<string>) => Promise<void> }) {
  const { t } = useI18n();
  const [label, setLabel] = useState(props.category.label);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!label.trim()) return;
    void props.run(async () => {
      await props.session.api.patch(`/api/admin/categories/${props.category.id}`, { label: label.trim() });
      return t('admin.categories.renamed');
    });
  };
  return (
    <li>
      <form onSubmit={submit} noValidate className="inline-form">
        <div className="field">
          <label htmlFor={`category-${props.category.id}`}>{t('admin.categories.label', { label: props.category.label })}</label>
          <input id={`category-${props.category.id}`} value={label} onChange={(e) => setLabel(e.target.value)} />
        </div>
        <button type="submit">
          {t('admin.categories.rename')}
          <span className="visually-hidden"> – {props.category.label}</span>
        </button>
      </form>
    </li>
  );
}

/**
 * The channel's retention: days after receipt, and optionally a shorter period
 * after closure. When the change would make cases due for deletion at the next
 * purge, the server refuses with their number; the admin confirms explicitly.
 */
function RetentionForm(props: PageProps & { channel: AdminChannel; reload: () => Promise<void> }) {
  const { t } = useI18n();
  const { session, channel } = props;
  const [days, setDays] = useState(String(channel.retentionDays));
  const [closedDays, setClosedDays] = useState(channel.closedRetentionDays === null ? '' : String(channel.closedRetentionDays));
  const [pending, setPending] = useState<{ text: string } | null>(null);
  const [status, setStatus] = useState<Status>(null);
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
