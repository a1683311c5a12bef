import { useI18n } from '../../../shared/i18n';
import { formatDate } from '../../layout';
import type { StaffRole, StaffSession } from '../../session';
import { ForWhom, OpenInvitation } from './common';

/** The invitations not used yet, each with its withdrawal. */
export function Invitations(props: {
  session: StaffSession;
  invitations: OpenInvitation[];
  act: (work: () => Promise<string>) => Promise<void>;
  roleList: (roles: StaffRole[]) => string;
}) {
  const { t, language } = useI18n();
  const { session, act, roleList } = props;
  const withdraw = (i: OpenInvitation) =>
    act(async () => {
      await session.api.delete(`/api/admin/invitations/${i.id}`);
      return t('admin.invite.withdrawn', { email: i.email });
    });

  return (
    <section className="panel" aria-labelledby="invitations-heading">
      <h2 id="invitations-heading">{t('admin.invite.open')}</h2>
      <ul>
        {props.invitations.map((i) => (
          <li key={i.id}>
            {t('admin.invite.openItem', { name: i.displayName, email: i.email, roles: roleList(i.roles), date: formatDate(i.expiresAt, language, true) })}{' '}
            <button type="button" onClick={() => void withdraw(i)}>
              <ForWhom text={t('admin.invite.withdraw')} whom={i.email} />
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
