import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@kanava/common';
import { AccessGuard } from './access.guard';
import { Public, Roles } from '@kanava/access';

class Routes {
  undeclared(): void {}
  @Public()
  open(): void {}
  @Roles('handler')
  handlersOnly(): void {}
}

function contextFor(method: keyof Routes, cookie?: string): ExecutionContext {
  return {
    getHandler: () => Routes.prototype[method],
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => ({ headers: cookie ? { cookie } : {} }) }),
  } as unknown as ExecutionContext;
}

describe('AccessGuard', () => {
  const sessions = { resolve: jest.fn().mockResolvedValue(null), end: jest.fn() };
  const users = { findOne: jest.fn() };
  const guard = new AccessGuard(new Reflector(), sessions as never, users as never);

  it('refuses a route that declares neither @Public() nor @Roles()', async () => {
    await expect(guard.canActivate(contextFor('undeclared'))).rejects.toMatchObject({ code: 'route_not_declared', status: 403 });
    expect(sessions.resolve).not.toHaveBeenCalled();
  });

  it('lets a @Public() route through without a session', async () => {
    await expect(guard.canActivate(contextFor('open'))).resolves.toBe(true);
  });

  it('refuses a @Roles() route without a session cookie', async () => {
    const err = await guard.canActivate(contextFor('handlersOnly')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ code: 'not_authenticated', status: 401 });
  });

  it('refuses a @Roles() route with an unknown session', async () => {
    await expect(guard.canActivate(contextFor('handlersOnly', 'kanava_session=abc'))).rejects.toMatchObject({ code: 'not_authenticated' });
    expect(sessions.resolve).toHaveBeenCalledWith('abc');
  });
});
