import { FormEvent, useState } from 'react';
import { useI18n } from '../../../shared/i18n';
import { Status, StatusLine } from '../../../shared/status-line';
import type { PageProps } from '../../page-props';
import { MAX_DESCRIPTION } from './ChannelSettings';
import { actionError } from '../CasePage';
import type { AdminChannel } from '../AdminChannels';
import { textLanguageName } from '../../text-languages';
import { useTextLanguages } from '../../use-text-languages';

type LanguageTexts = { name: string; description: string; labels: Record<string, string> };

type Props = PageProps & { channel: AdminChannel; reload: () => Promise<void> };

/**
 * The channel's name and description and its categories' labels in each language
 * the organisation writes in (the portal's three and those added under Languages).
 * The single-language texts above stay the default: the portal shows them where a
 * language has none. Saving sends every language at once.
 */
export function TranslationsForm(props: Props) {
  const { t } = useI18n();
  const { languages, error } = useTextLanguages(props.session.api, t('error.load'));
  if (error)
    return (
      <p className="error-text" role="alert">
        {error}
      </p>
    );
  if (!languages) return <p role="status">{t('common.loading')}</p>;
  return <LanguagesForm {...props} languages={languages} />;
}

function LanguagesForm(props: Props & { languages: string[] }) {
  const { t, language: consoleLanguage } = useI18n();
  const { session, channel, languages } = props;
  const initial = (): Record<string, LanguageTexts> =>
    Object.fromEntries(
      languages.map((l) => [
        l,
        {
          name: channel.translations?.[l]?.name ?? '',
          description: channel.translations?.[l]?.description ?? '',
          labels: Object.fromEntries(channel.categories.map((c) => [c.id, c.translations?.[l]?.label ?? ''])),
        },
      ]),
    );
  const [texts, setTexts] = useState(initial);
  const [status, setStatus] = useState<Status | null>(null);
  const id = `texts-${channel.id}`;
  const update = (language: string, change: Partial<LanguageTexts>) => setTexts({ ...texts, [language]: { ...texts[language], ...change } });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setStatus(null);
    if (languages.some((l) => texts[l].description.length > MAX_DESCRIPTION))
      return setStatus({ ok: false, text: t('admin.channels.descriptionLong', { max: MAX_DESCRIPTION }) });
    try {
      await session.api.put(`/api/admin/channels/${channel.id}/translations`, {
        languages: languages.map((language) => ({
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
      {languages.map((language) => {
        const name = textLanguageName(t, consoleLanguage, language);
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
