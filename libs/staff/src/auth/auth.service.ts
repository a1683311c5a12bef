import { Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { DEFAULT_STAFF_KDF, fromB64, toB64 } from '@kanava/crypto';
import { AuditSink, Clock, KanavaConfig, UnauthorizedError } from '@kanava/common';
import { Organisation, StaffBackupCode, StaffUser } from '@kanava/database';
import { SecondFactorDto, PasswordMaterialDto } from '../dto/auth.dto';
import { hashBackupCode, TotpService } from '../factors/totp';
import { sha256 } from '../provisioning/account-keys';
import type { StaffActor } from '@kanava/access';
import { assertAcceptedKdf } from './kdf';
import { SessionService } from './session.service';
import { afterFailure, lockState, ThrottleRow } from './sign-in-lock';
import { throttleKey } from './throttle';
import { StaffErrorCode } from '../errors';

export interface PreloginAnswer {
  salt: string;
  kdf: { alg: 'argon2id13'; ops: number; mem: number };
}

export interface StaffProfile {
  id: string;
  organisationId: string;
  email: string;
  displayName: string;
  roles: string[];
  boxPublicKey: string;
  signPublicKey: string;
  confidentialityAcceptedAt: string | null;
}

export interface LoginAnswer {
  user: StaffProfile;
  /** The staff member's organisation; its recovery public key is a grantee of every case key a client seals. */
  organisation: { id: string; slug: string; name: string; recoveryPublicKey: string | null };
  keyBundle: string;
  recoveryKeyBundle: string;
  /** Send back as X-CSRF-Token on every state-changing request of this session. */
  csrfToken?: string;
}

export function toProfile(user: StaffUser): StaffProfile {
  return {
    id: user.id,
    organisationId: user.organisationId,
    email: user.email,
    displayName: user.displayName,
    roles: user.roles,
    boxPublicKey: toB64(user.boxPublicKey),
    signPublicKey: toB64(user.signPublicKey),
    confidentialityAcceptedAt: user.confidentialityAcceptedAt?.toISOString() ?? null,
  };
}

// Compared against when the account does not exist, so both paths do the same work.
const DECOY_HASH = Buffer.alloc(32, 0xa5);

/** The one answer for every failed sign-in: it reveals neither the account nor the factor. */
function invalidCredentials(): UnauthorizedError {
  return new UnauthorizedError(StaffErrorCode.InvalidCredentials, 'The e-mail address, password or code is not right.');
}

type Proof = { field: 'authKeyHash' | 'recoveryAuthHash'; value: string };

@Injectable()
export class AuthService {
  constructor(
    private readonly db: DataSource,
    private readonly sessions: SessionService,
    private readonly totp: TotpService,
    private readonly config: KanavaConfig,
    private readonly audit: AuditSink,
    private readonly clock: Clock,
  ) {}

  /** Salt and KDF for an address; a decoy derived from the server secret for unknown ones. */
  async prelogin(email: string): Promise<PreloginAnswer> {
    const normalised = email.trim().toLowerCase();
    const user = await this.db.getRepository(StaffUser).findOne({ where: { email: normalised } });
    if (user && user.active) return { salt: toB64(user.salt), kdf: user.kdf };
    const salt = createHmac('sha256', this.serverSecret()).update(normalised, 'utf8').digest().subarray(0, 16);
    return { salt: toB64(salt), kdf: DEFAULT_STAFF_KDF };
  }

  /** Password-derived authKey plus TOTP (or a backup code); a session on success. */
  async login(email: string, authKey: string, factor: SecondFactorDto): Promise<{ answer: LoginAnswer; token: string }> {
    const user = await this.verify(email, { field: 'authKeyHash', value: authKey }, factor, 'sign_in');
    const { token, csrfToken } = await this.sessions.create(user.id);
    await this.audit.record(this.db.manager, {
      organisationId: user.organisationId,
      actor: { kind: 'staff', id: user.id, role: user.roles[0] },
      action: 'auth.signed_in',
    });
    return { token, answer: { ...(await this.bundle(user)), csrfToken } };
  }

  async signOut(actor: StaffActor): Promise<void> {
    await this.sessions.end(actor.sessionId);
    await this.audit.record(this.db.manager, {
      organisationId: actor.organisationId,
      actor: { kind: 'staff', id: actor.userId, role: actor.roles[0] },
      action: 'auth.signed_out',
    });
  }

  async signOutEverywhere(actor: StaffActor): Promise<number> {
    const ended = await this.sessions.endAll(actor.userId);
    await this.audit.record(this.db.manager, {
      organisationId: actor.organisationId,
      actor: { kind: 'staff', id: actor.userId, role: actor.roles[0] },
      action: 'auth.signed_out_everywhere',
      details: { sessions: ended },
    });
    return ended;
  }

  private event(user: StaffUser, action: string): Promise<void> {
    return this.audit.record(this.db.manager, { organisationId: user.organisationId, actor: { kind: 'staff', id: user.id, role: user.roles[0] }, action });
  }

  async me(userId: string): Promise<LoginAnswer> {
    return this.bundle(await this.db.getRepository(StaffUser).findOneOrFail({ where: { id: userId } }));
  }

  /** A new password: the client re-wrapped the same keys under a new KEK. Other sessions end. */
  async changePassword(userId: string, sessionId: string, currentAuthKey: string, factor: SecondFactorDto, next: PasswordMaterialDto): Promise<void> {
    const current = await this.db.getRepository(StaffUser).findOneOrFail({ where: { id: userId } });
    const kdf = this.kdf(next);
    const user = await this.verify(current.email, { field: 'authKeyHash', value: currentAuthKey }, factor, 'password_change');
    await this.db
      .getRepository(StaffUser)
      .update(
        { id: user.id },
        { salt: Buffer.from(fromB64(next.salt, 16)), kdf, authKeyHash: sha256(fromB64(next.authKey, 32)), keyBundle: Buffer.from(fromB64(next.keyBundle)) },
      );
    await this.db.query('DELETE FROM staff_sessions WHERE user_id = $1 AND id <> $2', [user.id, sessionId]);
    await this.event(user, 'auth.password_changed');
  }

  /** Step 1 of recovery: the bundle wrapped under the recovery key, for the holder of its reset subkey. */
  async recoveryBundle(email: string, resetKey: string, factor: SecondFactorDto): Promise<{ recoveryKeyBundle: string }> {
    // The recovery key alone would open the private keys: a second factor is asked here too.
    const user = await this.verify(email, { field: 'recoveryAuthHash', value: resetKey }, factor, 'recovery_bundle');
    await this.event(user, 'auth.recovery_bundle_fetched');
    return { recoveryKeyBundle: toB64(user.recoveryKeyBundle) };
  }

  /** Step 2 of recovery: a new password for the keys opened with the recovery key. Every session ends. */
  async recoveryReset(email: string, resetKey: string, factor: SecondFactorDto, next: PasswordMaterialDto): Promise<void> {
    const kdf = this.kdf(next);
    const user = await this.verify(email, { field: 'recoveryAuthHash', value: resetKey }, factor, 'recovery_reset');
    await this.db
      .getRepository(StaffUser)
      .update(
        { id: user.id },
        { salt: Buffer.from(fromB64(next.salt, 16)), kdf, authKeyHash: sha256(fromB64(next.authKey, 32)), keyBundle: Buffer.from(fromB64(next.keyBundle)) },
      );
    await this.sessions.endAll(user.id);
    await this.event(user, 'auth.recovery_reset');
  }

  private kdf(next: PasswordMaterialDto) {
    return assertAcceptedKdf(next.kdf);
  }

  private async bundle(user: StaffUser): Promise<LoginAnswer> {
    const org = await this.db.getRepository(Organisation).findOneByOrFail({ id: user.organisationId });
    return {
      user: toProfile(user),
      organisation: { id: org.id, slug: org.slug, name: org.name, recoveryPublicKey: org.recoveryPublicKey ? toB64(org.recoveryPublicKey) : null },
      keyBundle: toB64(user.keyBundle),
      recoveryKeyBundle: toB64(user.recoveryKeyBundle),
    };
  }

  /**
   * Checks a secret (authKey or recovery reset key) and, unless `factor` is null, a
   * second factor, under the address's lock against guessing:
   *
   * - Any `KANAVA_LOGIN_MAX_FAILURES` failures in a row lock the address for
   *   `KANAVA_LOGIN_LOCK_MINUTES`. Failures during a lock neither count nor move it, so
   *   nobody can keep an address locked by knowing it: one lock per lock period.
   * - For `KANAVA_LOGIN_BACKOFF_SECONDS` after a lock begins, no attempt is looked at.
   *   After that the right secret with a valid second factor signs in (the owner is not
   *   locked out), and every code that comes with an attempt is spent, so someone who
   *   holds the second factor gets one guess of the password per code.
   * - Failures with the right secret (only someone who knows it makes them) count as
   *   strikes, before and during a lock; that many strikes lock the address for
   *   everyone, the owner too, until the lock ends or an admin lifts it: a stolen
   *   password buys as few guesses of the code as before.
   *
   * Invariant: every failure, including a locked account, is the same 401, and
   * known and unknown addresses do the same database work (a throttle row is
   * locked and written either way).
   */
  private async verify(email: string, proof: Proof, factor: SecondFactorDto | null, purpose: string): Promise<StaffUser> {
    const key = throttleKey(this.serverSecret(), email);
    const max = this.config.loginMaxFailures;
    return this.db
      .transaction(async (em) => {
        await em.query('INSERT INTO login_throttle (key_hash) VALUES ($1) ON CONFLICT DO NOTHING', [key]);
        const [throttle] = (await em.query('SELECT failures, locked_until, locked_at, strikes FROM login_throttle WHERE key_hash = $1 FOR UPDATE', [
          key,
        ])) as ThrottleRow[];
        const user = await em.getRepository(StaffUser).findOne({ where: { email: email.trim().toLowerCase() } });
        const usable = !!user && user.active;
        const expected = user && usable ? user[proof.field] : DECOY_HASH;
        const secretOk = timingSafeEqual(sha256(fromB64(proof.value, 32)), expected) && usable;
        const now = this.clock.now();
        const state = lockState(throttle, now, this.config.loginBackoffSeconds, max);
        // Locked, a code is checked (and spent) whatever the secret; otherwise only behind the right secret, as before.
        const checkFactor = state === 'open' ? secretOk : state === 'owner_may_enter' && usable;
        const factorOk = checkFactor && (factor === null || (await this.acceptFactor(em, user!, factor)));
        if (secretOk && factorOk && state !== 'closed') {
          await em.query('UPDATE login_throttle SET failures = 0, strikes = 0, locked_until = NULL, locked_at = NULL, updated_at = now() WHERE key_hash = $1', [
            key,
          ]);
          return user;
        }
        const next = afterFailure(throttle, state, secretOk, now, max, this.config.loginLockMinutes);
        await em.query('UPDATE login_throttle SET failures = $2, strikes = $3, locked_until = $4, locked_at = $5, updated_at = now() WHERE key_hash = $1', [
          key,
          next.failures,
          next.strikes,
          next.lockedUntil,
          next.lockedAt,
        ]);
        if (user && usable) {
          await this.audit.record(em, {
            organisationId: user.organisationId,
            actor: { kind: 'staff', id: user.id, role: user.roles[0] },
            action: 'auth.sign_in_failed',
            details: { purpose, locked: state !== 'open' || next.lockedUntil !== null },
          });
        }
        // The failure count must survive the refusal, so commit it and answer outside.
        return null;
      })
      .then((user) => {
        if (!user) throw invalidCredentials();
        return user;
      });
  }

  private async acceptFactor(em: EntityManager, user: StaffUser, factor: SecondFactorDto): Promise<boolean> {
    if (!user.totpSecret) return false;
    if (factor.totp) {
      const step = this.totp.accept(this.totp.open(user.totpSecret), factor.totp, Number(user.totpLastStep));
      if (step === null) return false;
      await em.update(StaffUser, { id: user.id }, { totpLastStep: String(step) });
      return true;
    }
    if (factor.backupCode) {
      const result = await em.update(
        StaffBackupCode,
        { userId: user.id, codeHash: hashBackupCode(factor.backupCode), usedAt: IsNull() },
        { usedAt: new Date() },
      );
      return (result.affected ?? 0) === 1;
    }
    return false;
  }

  private serverSecret(): string {
    if (!this.config.serverSecret) throw new Error('server secret is not configured');
    return this.config.serverSecret;
  }
}
