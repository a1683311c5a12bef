import { FormEvent, useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../shared/i18n';
import type { PageProps } from '../page-props';
import { formatDate, StaffShell } from '../layout';
import { StaffRole } from '../session';
import { actionError } from './CasePage';
import { AdminChannel } from './AdminChannels';

interface StaffMember {
  id: string;
  email: string;
  displayName: string;
  roles: StaffRole[];
  active: boolean;
  deactivatedAt: string | null;
  locked: boolean;
  fingerprint: string;
  designations: { channelId: string; role: 'handler' | 'custodian' }[];
}

interface OpenInvitation {
  id: string;
  email: string;
  displayName: string;
  roles: StaffRole[];
  expiresAt: string;
}

export const ROLES: StaffRole[] = ['admin', 'handler', 'custodian', 'auditor'];
const DESIGNATED: ('handler' | 'custodian')[] = ['handler', 'custodian'];

type Status = { ok: boolean; text: string } | null;

/** A button's words with whom it acts on, for screen readers (the visible words come first, so speech input finds them). */
function ForWhom(props: { text: string; whom: string }) {
  return (
    <>
      {props.text}
      <span className="visually-hidden"> – {props.whom}</span>
    </>
  );
}

type Designation = StaffMember['designations'][number];

/** Staff and designations: invite, rename, change roles (a removal confirmed), designate for a channel and end a designation (confirmed), deactivate (confirmed), lift a lockout; open invitations and their withdrawal. */
export function AdminStaff(props: PageProps) {
  const { t, language } = useI18n();
  const { session } = props;
  const [staff, setStaff] = useState<StaffMember[] | null>(null);
  const [channels, setChannels] = useState<AdminChannel[]>([]);
  const [invitations, setInvitations] = useState<OpenInvitation[]>([]);
  const [status, setStatus] = useState<Status>(null);
  const [editing, setEditing] = useState<{ id: string; roles: StaffRole[] } | null>(null);
  const [deactivating, setDeactivating] = useState<string | null>(null);
  const [removingRoles, setRemovingRoles] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [ending, setEnding] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [s, c, i] = await Promise.all([
        session.api.get<StaffMember[]>('/api/admin/staff'),
        session.api.get<AdminChannel[]>('/api/admin/channels'),
        session.api.get<OpenInvitation[]>('/api/admin/invitations'),
      ]);
      setStaff(s);
      setChannels(c);
      setInvitations(i);
    } catch {
      setStatus({ ok: false, text: t('error.load') });
    }
  }, [session, t]);
  useEffect(() => {
    void load();
  }, [load]);

  const act = async (work: () => Promise<string>) => {
    setStatus(null);
    try {
      setStatus({ ok: true, text: await work() });
      await load();
    } catch (err) {
      setStatus({ ok: false, text: actionError(t, err) });
    }
  };
  const saveRoles = (m: StaffMember, roles: StaffRole[]) =>
    act(async () => {
      await session.api.patch(`/api/admin/staff/${m.id}`, { roles });
      setEditing(null);
      setRemovingRoles(null);
      return t('admin.staff.rolesSaved', { name: m.displayName });
    });
  // Taking a role away can end designations and delete case keys at once, so it is confirmed first.
  const askRoles = (m: StaffMember, roles: StaffRole[]) => (m.roles.some((r) => !roles.includes(r)) ? setRemovingRoles(m.id) : void saveRoles(m, roles));
  const rename = (e: FormEvent, m: StaffMember) => {
    e.preventDefault();
    const name = renaming?.name.trim() ?? '';
    if (!name) return setStatus({ ok: false, text: t('admin.staff.nameMissing') });
    void act(async () => {
      await session.api.patch(`/api/admin/staff/${m.id}`, { displayName: name });
      setRenaming(null);
      return t('admin.staff.renamed', { name });
    });
  };
  const endDesignation = (m: StaffMember, d: Designation) =>
    act(async () => {
      const r = await session.api.delete<{ grantsRemoved: number }>(`/api/admin/channels/${d.channelId}/designations/${m.id}/${d.role}`);
      setEnding(null);
      return t('admin.designation.ended', { name: m.displayName, channel: channelName(d.channelId), grants: r.grantsRemoved });
    });
  const deactivate = (m: StaffMember) =>
    act(async () => {
      const r = await session.api.post<{ grantsRemoved: number }>(`/api/admin/staff/${m.id}/deactivate`, { confirm: true });
      setDeactivating(null);
      return t('admin.staff.deactivated', { name: m.displayName, grants: r.grantsRemoved });
    });
  const unlock = (m: StaffMember) =>
    act(async () => {
      await session.api.post(`/api/admin/staff/${m.id}/unlock`);
      return t('admin.staff.unlocked', { name: m.displayName });
    });
  const withdraw = (i: OpenInvitation) =>
    act(async () => {
      await session.api.delete(`/api/admin/invitations/${i.id}`);
      return t('admin.invite.withdrawn', { email: i.email });
    });

  const channelName = (id: string) => channels.find((c) => c.id === id)?.name ?? id;
  const roleList = (roles: StaffRole[]) => roles.map((r) => t(`role.${r}`)).join(', ');

  return (
    <StaffShell {...props} heading={t('admin.staff.title')} headingKey="admin-staff">
      {status && (
        <p className={status.ok ? 'ok' : 'error-text'} role={status.ok ? 'status' : 'alert'}>
          {status.text}
        </p>
      )}
      {!staff && !status && <p role="status">{t('common.loading')}</p>}
      {staff && (
        <table className="list" data-testid="staff-list">
          <caption className="visually-hidden">{t('admin.staff.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('activate.name')}</th>
              <th scope="col">{t('activate.email')}</th>
              <th scope="col">{t('activate.roles')}</th>
              <th scope="col">{t('admin.staff.channels')}</th>
              <th scope="col">{t('admin.staff.state')}</th>
              <th scope="col">{t('admin.staff.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((m) => (
              <tr key={m.id} data-user-email={m.email}>
                <th scope="row">{m.displayName}</th>
                <td>{m.email}</td>
                <td>
                  {editing?.id === m.id ? (
                    <fieldset>
                      <legend>{t('admin.staff.rolesOf', { name: m.displayName })}</legend>
                      {ROLES.map((r) => (
                        <div className="choice" key={r}>
                          <input
                            id={`roles-${m.id}-${r}`}
                            type="checkbox"
                            checked={editing.roles.includes(r)}
                            onChange={(e) => (
                              setRemovingRoles(null),
                              setEditing({ id: m.id, roles: e.target.checked ? [...editing.roles, r] : editing.roles.filter((x) => x !== r) })
                            )}
                          />
                          <label htmlFor={`roles-${m.id}-${r}`}>{t(`role.${r}`)}</label>
                        </div>
                      ))}
                      <p className="hint">{t('admin.staff.rolesHint')}</p>
                      {removingRoles === m.id ? (
                        <div className="warning" role="group" aria-labelledby={`remove-roles-${m.id}`}>
                          <p id={`remove-roles-${m.id}`}>
                            {t('admin.staff.removeRolesConfirm', { name: m.displayName, roles: roleList(m.roles.filter((r) => !editing.roles.includes(r))) })}
                          </p>
                          <div className="actions">
                            <button type="button" className="primary" onClick={() => void saveRoles(m, editing.roles)}>
                              {t('admin.staff.removeRolesYes')}
                            </button>
                            <button type="button" onClick={() => setRemovingRoles(null)}>
                              {t('common.cancel')}
                            </button>
                          </div>
                        </div>
                      ) : (
                        <div className="actions">
                          <button type="button" className="primary" disabled={editing.roles.length === 0} onClick={() => askRoles(m, editing.roles)}>
                            {t('admin.staff.saveRoles')}
                          </button>
                          <button type="button" onClick={() => setEditing(null)}>
                            {t('common.cancel')}
                          </button>
                        </div>
                      )}
                    </fieldset>
                  ) : (
                    roleList(m.roles)
                  )}
                </td>
                <td>
                  {m.designations.length === 0 ? (
                    '–'
                  ) : (
                    <ul className="plain">
                      {m.designations.map((d) => {
                        const id = `end-${m.id}-${d.channelId}-${d.role}`;
                        const what = `${channelName(d.channelId)} (${t(`role.${d.role}`)})`;
                        return (
                          <li key={id}>
                            {what}{' '}
                            {ending === id ? (
                              <div className="warning" role="group" aria-labelledby={id}>
                                <p id={id}>{t('admin.designation.endConfirm', { name: m.displayName, channel: what })}</p>
                                <div className="actions">
                                  <button type="button" className="primary" onClick={() => void endDesignation(m, d)}>
                                    {t('admin.designation.endYes')}
                                  </button>
                                  <button type="button" onClick={() => setEnding(null)}>
                                    {t('common.cancel')}
                                  </button>
                                </div>
                              </div>
                            ) : (
                              <button type="button" onClick={() => setEnding(id)}>
                                <ForWhom text={t('admin.designation.end')} whom={`${m.displayName}, ${what}`} />
                              </button>
                            )}
                          </li>
                        );
                      })}
                    </ul>
                  )}
                </td>
                <td>
                  {m.active ? t('admin.staff.active') : t('admin.staff.inactive', { date: formatDate(m.deactivatedAt, language) })}
                  {m.locked && (
                    <>
                      {' · '}
                      <strong>{t('admin.staff.locked')}</strong>
                    </>
                  )}
                </td>
                <td>
                  {m.active &&
                    (renaming?.id === m.id ? (
                      <form onSubmit={(e) => rename(e, m)} noValidate className="inline-form">
                        <div className="field">
                          <label htmlFor={`rename-${m.id}`}>{t('admin.staff.newName', { name: m.displayName })}</label>
                          <input
                            id={`rename-${m.id}`}
                            autoComplete="off"
                            value={renaming.name}
                            onChange={(e) => setRenaming({ id: m.id, name: e.target.value })}
                          />
                        </div>
                        <button type="submit">{t('admin.staff.saveName')}</button>
                        <button type="button" onClick={() => setRenaming(null)}>
                          {t('common.cancel')}
                        </button>
                      </form>
                    ) : (
                      <div className="actions">
                        <button type="button" onClick={() => setRenaming({ id: m.id, name: m.displayName })}>
                          <ForWhom text={t('admin.staff.rename')} whom={m.displayName} />
                        </button>
                      </div>
                    ))}
                  {m.active && m.id !== session.user.id && (
                    <div className="actions">
                      {editing?.id !== m.id && (
                        <button type="button" onClick={() => setEditing({ id: m.id, roles: m.roles })}>
                          <ForWhom text={t('admin.staff.changeRoles')} whom={m.displayName} />
                        </button>
                      )}
                      {m.locked && (
                        <button type="button" onClick={() => void unlock(m)}>
                          <ForWhom text={t('admin.staff.unlock')} whom={m.displayName} />
                        </button>
                      )}
                      {deactivating === m.id ? (
                        <div className="warning" role="group" aria-labelledby={`deactivate-${m.id}`}>
                          <p id={`deactivate-${m.id}`}>{t('admin.staff.deactivateConfirm', { name: m.displayName })}</p>
                          <div className="actions">
                            <button type="button" className="primary" onClick={() => void deactivate(m)}>
                              {t('admin.staff.deactivateYes')}
                            </button>
                            <button type="button" onClick={() => setDeactivating(null)}>
                              {t('common.cancel')}
                            </button>
                          </div>
                        </div>
                      ) : (
                        <button type="button" onClick={() => setDeactivating(m.id)}>
                          <ForWhom text={t('admin.staff.deactivate')} whom={m.displayName} />
                        </button>
                      )}
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {staff && channels.length > 0 && <Designate {...props} staff={staff} channels={channels} onDesignated={load} />}
      <Invite {...props} channels={channels} onInvited={load} />
      {invitations.length > 0 && (
        <section className="panel" aria-labelledby="invitations-heading">
          <h2 id="invitations-heading">{t('admin.invite.open')}</h2>
          <ul>
            {invitations.map((i) => (
              <li key={i.id}>
                {t('admin.invite.openItem', { name: i.displayName, email: i.email, roles: roleList(i.roles), date: formatDate(i.expiresAt, language, true) })}{' '}
                <button type="button" onClick={() => void withdraw(i)}>
                  <ForWhom text={t('admin.invite.withdraw')} whom={i.email} />
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </StaffShell>
  );
}

/** Designates an existing handler or custodian for a channel (the server records who did it and when). */
function Designate(props: PageProps & { staff: StaffMember[]; channels: AdminChannel[]; onDesignated: () => Promise<void> }) {
  const { t } = useI18n();
  const [userId, setUserId] = useState('');
  const [channelId, setChannelId] = useState('');
  const [role, setRole] = useState<'handler' | 'custodian' | ''>('');
  const [status, setStatus] = useState<Status>(null);
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
      {status && (
        <p className={status.ok ? 'ok' : 'error-text'} role={status.ok ? 'status' : 'alert'}>
          {status.text}
        </p>
      )}
    </section>
  );
}

/** The invitation form: the invitee gets a single-use link by e-mail (or the admin gets it to pass on when no mail server is set up). */
function Invite(props: PageProps & { channels: AdminChannel[]; onInvited: () => Promise<void> }) {
  const { t } = useI18n();
  const empty = { email: '', displayName: '', roles: [] as StaffRole[], channelIds: [] as string[] };
  const [form, setForm] = useState(empty);
  const [status, setStatus] = useState<Status>(null);
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
        {status && (
          <p className={status.ok ? 'ok' : 'error-text'} role={status.ok ? 'status' : 'alert'}>
            {status.text}
          </p>
        )}
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
