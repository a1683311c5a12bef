import { FormEvent, useState } from 'react';
import { useI18n } from '../../../shared/i18n';
import type { Status } from '../../../shared/status-line';
import { formatDate } from '../../layout';
import type { StaffRole, StaffSession } from '../../session';
import { Designation, ForWhom, ROLES, StaffMember } from './common';

/**
 * The staff list with what an admin does to a person: rename, change roles (a removal
 * confirmed), end a designation (confirmed), deactivate (confirmed), lift a lockout. One
 * person's roles, name, deactivation or designation is open at a time.
 */
export function StaffTable(props: {
  session: StaffSession;
  staff: StaffMember[];
  /** Runs an action; its words become the page's status and the list is read again. */
  act: (work: () => Promise<string>) => Promise<void>;
  onStatus: (status: Status) => void;
  channelName: (id: string) => string;
  roleList: (roles: StaffRole[]) => string;
}) {
  const { t, language } = useI18n();
  const { session, staff, act, channelName, roleList } = props;
  const [editing, setEditing] = useState<{ id: string; roles: StaffRole[] } | null>(null);
  const [deactivating, setDeactivating] = useState<string | null>(null);
  const [removingRoles, setRemovingRoles] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [ending, setEnding] = useState<string | null>(null);

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
    if (!name) return props.onStatus({ ok: false, text: t('admin.staff.nameMissing') });
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

  return (
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
                      <input id={`rename-${m.id}`} autoComplete="off" value={renaming.name} onChange={(e) => setRenaming({ id: m.id, name: e.target.value })} />
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
  );
}
