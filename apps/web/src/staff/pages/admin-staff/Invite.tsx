import { FormEvent, useState } from 'react';
import { useI18n } from '../../../shared/i18n';
import { Status, StatusLine } from '../../../shared/status-line';
import type { PageProps } from '../../page-props';
import type { StaffRole } from '../../session';
import { actionError } from '../CasePage';
import type { AdminChannel } from '../AdminChannels';
import { DESIGNATED, ROLES } from './common';

/** The invitation form: the invitee gets a single-use link by e-mail (or the admin gets it to pass on when no mail server is set up). */
export function Invite(props: PageProps & { channels: AdminChannel[]; onInvited: () => Promise<void> }) {
  const { t } = useI18n();
  const empty = { email: '', displayName: '', roles: [] as StaffRole[], channelIds: [] as string[] };
  const [form, setForm] = useState(empty);
  const [status, setStatus] = useState<Status | null>(null);
  const [link, setLink] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setStatus(null);
    setLink(null);
    if (!form.email.trim() || !form.displayName.trim() || form.roles.length === 0) return setStatus({ ok: false, text: t('admin.invite.missing') });
    const designated = DESIGNATED.filter((r) => form.roles.includes(r));
    if (form.channelIds.length > 0 && designated.length === 0) return setStatus({ ok: false, text: t('admin.invite.channelsNeedRole') });
    try {
      const answer = await props.session.api.post<{ mailed: boolean; activationUrl?: string }>('/api/admin/invitations', {
        email: form.email.trim(),
        displayName: form.displayName.trim(),
        roles: form.roles,
        designations: form.channelIds.flatMap((channelId) => designated.map((role) => ({ channelId, role }))),
      });
      setStatus({ ok: true, text: answer.mailed ? t('admin.invite.mailed', { email: form.email.trim() }) : t('admin.invite.notMailed') });
      if (!answer.mailed && answer.activationUrl) setLink(answer.activationUrl);
      setForm(empty);
      await props.onInvited();
    } catch (err) {
      setStatus({ ok: false, text: actionError(t, err) });
    }
  };
  const toggle = <K extends 'roles' | 'channelIds'>(key: K, value: string, on: boolean) =>
    setForm((f) => ({ ...f, [key]: on ? [...f[key], value] : (f[key] as string[]).filter((x) => x !== value) }));

  return (
    <section className="panel" aria-labelledby="invite-heading">
      <h2 id="invite-heading">{t('admin.invite.title')}</h2>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor="invite-email">{t('activate.email')}</label>
          <input id="invite-email" type="email" autoComplete="off" value={form.email} onChange={(e) => setForm((f) => ({ ...f, email: e.target.value }))} />
        </div>
        <div className="field">
          <label htmlFor="invite-name">{t('activate.name')}</label>
          <input id="invite-name" autoComplete="off" value={form.displayName} onChange={(e) => setForm((f) => ({ ...f, displayName: e.target.value }))} />
        </div>
        <fieldset>
          <legend>{t('activate.roles')}</legend>
          {ROLES.map((r) => (
            <div className="choice" key={r}>
              <input id={`invite-role-${r}`} type="checkbox" checked={form.roles.includes(r)} onChange={(e) => toggle('roles', r, e.target.checked)} />
              <label htmlFor={`invite-role-${r}`}>{t(`role.${r}`)}</label>
            </div>
          ))}
        </fieldset>
        {props.channels.length > 0 && (
          <fieldset>
            <legend>{t('admin.invite.channels')}</legend>
            <p className="hint">{t('admin.invite.channelsHint')}</p>
            {props.channels.map((c) => (
              <div className="choice" key={c.id}>
                <input
                  id={`invite-channel-${c.id}`}
                  type="checkbox"
                  checked={form.channelIds.includes(c.id)}
                  onChange={(e) => toggle('channelIds', c.id, e.target.checked)}
                />
                <label htmlFor={`invite-channel-${c.id}`}>{c.name}</label>
              </div>
            ))}
          </fieldset>
        )}
        <StatusLine status={status} />
        {link && (
          <p className="mono wrap" data-testid="activation-link">
            {link}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary">
            {t('admin.invite.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
