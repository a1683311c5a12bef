import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../shared/i18n';
import { Status, StatusLine } from '../../shared/status-line';
import type { PageProps } from '../page-props';
import { StaffShell } from '../layout';
import { StaffRole } from '../session';
import { actionError } from './CasePage';
import { AdminChannel } from './AdminChannels';
import { OpenInvitation, StaffMember } from './admin-staff/common';
import { Designate } from './admin-staff/Designate';
import { Invitations } from './admin-staff/Invitations';
import { Invite } from './admin-staff/Invite';
import { StaffTable } from './admin-staff/StaffTable';

export { ROLES } from './admin-staff/common';

/** Staff and designations: invite, rename, change roles (a removal confirmed), designate for a channel and end a designation (confirmed), deactivate (confirmed), lift a lockout; open invitations and their withdrawal. */
export function AdminStaff(props: PageProps) {
  const { t } = useI18n();
  const { session } = props;
  const [staff, setStaff] = useState<StaffMember[] | null>(null);
  const [channels, setChannels] = useState<AdminChannel[]>([]);
  const [invitations, setInvitations] = useState<OpenInvitation[]>([]);
  const [status, setStatus] = useState<Status | null>(null);

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
  const channelName = (id: string) => channels.find((c) => c.id === id)?.name ?? id;
  const roleList = (roles: StaffRole[]) => roles.map((r) => t(`role.${r}`)).join(', ');

  return (
    <StaffShell {...props} heading={t('admin.staff.title')} headingKey="admin-staff">
      <StatusLine status={status} />
      {!staff && !status && <p role="status">{t('common.loading')}</p>}
      {staff && <StaffTable session={session} staff={staff} act={act} onStatus={setStatus} channelName={channelName} roleList={roleList} />}
      {staff && channels.length > 0 && <Designate {...props} staff={staff} channels={channels} onDesignated={load} />}
      <Invite {...props} channels={channels} onInvited={load} />
      {invitations.length > 0 && <Invitations session={session} invitations={invitations} act={act} roleList={roleList} />}
    </StaffShell>
  );
}
