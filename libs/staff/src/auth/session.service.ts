import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { KanavaConfig } from '@kanava/common';
import { StaffSession } from '@kanava/database';

const TOUCH_EVERY_MS = 60_000;

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Server-side sessions in PostgreSQL, so any API instance can serve any request. */
@Injectable()
export class SessionService {
  constructor(
    @InjectRepository(StaffSession) private readonly sessions: Repository<StaffSession>,
    private readonly config: KanavaConfig,
  ) {}

  /** A new session: the cookie token and the CSRF token go to the client, their hashes stay here. */
  async create(userId: string): Promise<{ token: string; csrfToken: string; session: StaffSession }> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const now = new Date();
    const session = await this.sessions.save(
      this.sessions.create({
        id: randomUUID(),
        tokenHash: hashToken(token),
        csrfHash: hashToken(csrfToken),
        userId,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + this.config.sessionMaxHours * 3600_000),
      }),
    );
    return { token, csrfToken, session };
  }

  /** The live session for this token, or null when unknown, idle too long or past its lifetime. */
  async resolve(token: string): Promise<StaffSession | null> {
    const session = await this.sessions.findOne({ where: { tokenHash: hashToken(token) } });
    if (!session) return null;
    const now = Date.now();
    const idleLimit = session.lastSeenAt.getTime() + this.config.sessionIdleMinutes * 60_000;
    if (now > session.expiresAt.getTime() || now > idleLimit) {
      await this.sessions.delete({ id: session.id });
      return null;
    }
    if (now - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      await this.sessions.update({ id: session.id }, { lastSeenAt: new Date(now) });
    }
    return session;
  }

  async end(sessionId: string): Promise<void> {
    await this.sessions.delete({ id: sessionId });
  }

  /** Logout everywhere: every session of this user, on every device. */
  async endAll(userId: string): Promise<number> {
    const result = await this.sessions.delete({ userId });
    return result.affected ?? 0;
  }
}
