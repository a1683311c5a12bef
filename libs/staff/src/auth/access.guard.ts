import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { timingSafeEqual } from 'node:crypto';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request } from 'express';
import { Repository } from 'typeorm';
import { ForbiddenError, UnauthorizedError } from '@kanava/common';
import { StaffRole, StaffUser } from '@kanava/database';
import { readCookie, SESSION_COOKIE } from './cookies';
import { PUBLIC_KEY, ROLES_KEY, StaffActor } from '@kanava/access';
import { hashToken, SessionService } from './session.service';
import { StaffErrorCode } from '../errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function timingSafeHashEqual(presented: string | string[] | undefined, expected: Buffer): boolean {
  if (typeof presented !== 'string' || presented.length === 0 || presented.length > 100) return false;
  return timingSafeEqual(hashToken(presented), expected);
}

/**
 * Global guard: deny by default. A route runs only if it is marked @Public() or
 * declares @Roles(...) and the caller's session holds one of those roles.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
    @InjectRepository(StaffUser) private readonly users: Repository<StaffUser>,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const roles = this.reflector.getAllAndOverride<StaffRole[] | undefined>(ROLES_KEY, targets);
    // Invariant: a route that declares nothing is refused, never allowed.
    if (!roles || roles.length === 0) throw new ForbiddenError(StaffErrorCode.RouteNotDeclared, 'This route is not available.');

    const req = context.switchToHttp().getRequest<Request & { staff?: StaffActor }>();
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    const session = token ? await this.sessions.resolve(token) : null;
    if (!session) throw new UnauthorizedError(StaffErrorCode.NotAuthenticated, 'Sign in first.');
    const user = await this.users.findOne({ where: { id: session.userId } });
    if (!user || !user.active) {
      await this.sessions.end(session.id);
      throw new UnauthorizedError(StaffErrorCode.NotAuthenticated, 'Sign in first.');
    }
    // Invariant: a change made with a session needs the session's CSRF token too.
    if (!SAFE_METHODS.has(req.method) && !timingSafeHashEqual(req.headers['x-csrf-token'], session.csrfHash)) {
      throw new ForbiddenError(StaffErrorCode.CsrfTokenInvalid, "The request lacks this session's X-CSRF-Token header. Reload and try again.");
    }
    if (!roles.some((r) => user.roles.includes(r))) {
      throw new ForbiddenError(StaffErrorCode.ForbiddenRole, `This needs one of the roles: ${roles.join(', ')}.`);
    }
    req.staff = { userId: user.id, organisationId: user.organisationId, roles: user.roles, sessionId: session.id, signPublicKey: user.signPublicKey };
    return true;
  }
}
