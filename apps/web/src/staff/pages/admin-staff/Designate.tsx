import { FormEvent, useState } from 'react';
import { useI18n } from '../../../shared/i18n';
import { Status, StatusLine } from '../../../shared/status-line';
import type { PageProps } from '../../page-props';
import { actionError } from '../CasePage';
import type { AdminChannel } from '../AdminChannels';
import { DESIGNATED, StaffMember } from './common';

/** Designates an existing handler or custodian for a channel (the server records who did it and when). */
export function Designate(props: PageProps & { staff: StaffMember[]; channels: AdminChannel[]; onDesignated: () => Promise<void> }) {
  const { t } = useI18n();
  const [userId, setUserId] = useState('');
  const [channelId, setChannelId] = useState('');
  const [role, setRole] = useState<'handler' | 'custodian' | ''>('');
  const [status, setStatus] = useState<Status | null>(null);
  // Nobody designates themselves, and only the roles a person holds can be designated.
  const candidates = props.staff.filter((m) => m.active && m.id !== props.session.user.id && DESIGNATED.some((r) => m.roles.includes(r)));
  const person = candidates.find((m) => m.id === userId);
  const roles = DESIGNATED.filter((r) => person?.roles.includes(r));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setStatus(null);
    const channel = props.channels.find((c) => c.id === channelId);
    const chosenRole = role || (roles.length === 1 ? roles[0] : '');
    if (!person || !channel || !chosenRole) return setStatus({ ok: false, text: t('admin.designation.missing') });
    try {
      await props.session.api.put(`/api/admin/channels/${channel.id}/designations`, { userId: person.id, role: chosenRole });
      setStatus({ ok: true, text: t('admin.designation.added', { name: person.displayName, channel: channel.name, role: t(`role.${chosenRole}`) }) });
      setUserId('');
      setChannelId('');
      setRole('');
      await props.onDesignated();
    } catch (err) {
      setStatus({ ok: false, text: actionError(t, err) });
    }
  };

  return (
    <section className="panel" aria-labelledby="designate-heading">
      <h2 id="designate-heading">{t('admin.designation.title')}</h2>
      <p>{t('admin.designation.intro')}</p>
      {candidates.length === 0 ? (
        <p>{t('admin.designation.nobody')}</p>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate className="inline-form">
          <div className="field">
            <label htmlFor="designate-user">{t('admin.designation.person')}</label>
            <select id="designate-user" value={userId} onChange={(e) => (setUserId(e.target.value), setRole(''))}>
              <option value="">{t('admin.designation.choose')}</option>
              {candidates.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.displayName}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="designate-channel">{t('admin.designation.channel')}</label>
            <select id="designate-channel" value={channelId} onChange={(e) => setChannelId(e.target.value)}>
              <option value="">{t('admin.designation.choose')}</option>
              {props.channels.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="designate-role">{t('admin.designation.role')}</label>
            <select
              id="designate-role"
              value={role || (roles.length === 1 ? roles[0] : '')}
              onChange={(e) => setRole(e.target.value as 'handler' | 'custodian' | '')}
            >
              {roles.length !== 1 && <option value="">{t('admin.designation.choose')}</option>}
              {roles.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">{t('admin.designation.submit')}</button>
        </form>
      )}
      <StatusLine status={status} />
    </section>
  );
}
