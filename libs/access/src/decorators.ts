import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { StaffRole } from '@kanava/database';
import { UnauthorizedError } from '@kanava/common';

/**
 * How a route is reached, declared on the route: open (`@Public`) or by staff roles
 * (`@Roles`). The staff lib's AccessGuard reads these and denies every route that
 * declares neither. They live below every feature lib, so the anonymous reporter lib
 * declares its routes without depending on the staff lib.
 */

/** The only refusal here: a staff route reached without the guard's actor (`not_authenticated`). */
export const NOT_AUTHENTICATED = 'not_authenticated';

export const PUBLIC_KEY = 'kanava:public';
export const ROLES_KEY = 'kanava:roles';

/** The route is open to anyone (reporter and operations routes). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Every staff role, for routes any signed-in staff member may use (their own account). */
export const ALL_STAFF_ROLES: StaffRole[] = ['admin', 'handler', 'custodian', 'auditor'];

/** The route needs a staff session holding at least one of these roles. */
export const Roles = (...roles: StaffRole[]) => SetMetadata(ROLES_KEY, roles);

/** The authenticated staff member of this request (set by AccessGuard). */
export interface StaffActor {
  userId: string;
  organisationId: string;
  roles: StaffRole[];
  sessionId: string;
  signPublicKey: Buffer;
}

export const CurrentStaff = createParamDecorator((_data: unknown, ctx: ExecutionContext): StaffActor => {
  const actor = ctx.switchToHttp().getRequest<{ staff?: StaffActor }>().staff;
  // Invariant: only reachable behind AccessGuard with @Roles; a missing actor is a wiring bug, not an open door.
  if (!actor) throw new UnauthorizedError(NOT_AUTHENTICATED, 'Sign in first.');
  return actor;
});
