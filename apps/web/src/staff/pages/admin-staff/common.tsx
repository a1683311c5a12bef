import type { StaffRole } from '../../session';

/** A member of the organisation's staff as the admin's list shows them (`GET /api/admin/staff`). */
export interface StaffMember {
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

/** An invitation not used yet (`GET /api/admin/invitations`). */
export interface OpenInvitation {
  id: string;
  email: string;
  displayName: string;
  roles: StaffRole[];
  expiresAt: string;
}

export type Designation = StaffMember['designations'][number];

export const ROLES: StaffRole[] = ['admin', 'handler', 'custodian', 'auditor'];
export const DESIGNATED: ('handler' | 'custodian')[] = ['handler', 'custodian'];

/** A button's words with whom it acts on, for screen readers (the visible words come first, so speech input finds them). */
export function ForWhom(props: { text: string; whom: string }) {
  return (
    <>
      {props.text}
      <span className="visually-hidden"> – {props.whom}</span>
    </>
  );
}
