import { FormEvent, useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../shared/i18n';
import { Status, StatusLine } from '../../shared/status-line';
import type { PageProps } from '../page-props';
import { StaffShell } from '../layout';
import { actionError } from './CasePage';
import { ChannelPanel } from './admin-channels/ChannelPanel';

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

/** Channels, their settings, their categories (create, rename) and their retention. */
export function AdminChannels(props: PageProps) {
  const { t } = useI18n();
  const { session } = props;
  const [channels, setChannels] = useState<AdminChannel[] | null>(null);
  const [status, setStatus] = useState<Status | null>(null);
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
