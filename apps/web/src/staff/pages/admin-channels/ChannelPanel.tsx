import { FormEvent, useState } from 'react';
import { useI18n } from '../../../shared/i18n';
import { Status, StatusLine } from '../../../shared/status-line';
import type { PageProps } from '../../page-props';
import { actionError } from '../CasePage';
import type { AdminChannel } from '../AdminChannels';
import { ChannelSettings } from './ChannelSettings';
import { RetentionForm } from './RetentionForm';
import { TranslationsForm } from './TranslationsForm';

/** One channel: its name, settings, texts per language, categories and retention. */
export function ChannelPanel(props: PageProps & { channel: AdminChannel; reload: () => Promise<void> }) {
  const { t } = useI18n();
  const { session, channel } = props;
  const [name, setName] = useState(channel.name);
  const [category, setCategory] = useState('');
  const [status, setStatus] = useState<Status | null>(null);
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
