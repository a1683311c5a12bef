import { Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { assertKdfParams, CryptoError, DEFAULT_STAFF_KDF, fromB64, toB64 } from '@kanava/crypto';
import { BadRequestError, KanavaConfig, UnauthorizedError } from '@kanava/common';
import { StaffBackupCode, StaffUser } from '@kanava/database';
import { SecondFactorDto, PasswordMaterialDto } from '../dto/auth.dto';
import { hashBackupCode, TotpService } from '../factors/totp';
import { sha256 } from '../provisioning/account-keys';
import { SessionService } from './session.service';

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
  return new UnauthorizedError('invalid_credentials', 'The e-mail address, password or code is not right.');
}

type Proof = { kind: 'secret'; field: 'authKeyHash' | 'recoveryAuthHash'; value: string };

@Injectable()
export class AuthService {
  constructor(
    private readonly db: DataSource,
    private readonly sessions: SessionService,
    private readonly totp: TotpService,
    private readonly config: KanavaConfig,
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
    const user = await this.verify(email, { kind: 'secret', field: 'authKeyHash', value: authKey }, factor);
    const { token, csrfToken } = await this.sessions.create(user.id);
    return { token, answer: { ...this.bundle(user), csrfToken } };
  }

  me(user: StaffUser): LoginAnswer {
    return this.bundle(user);
  }

  /** A new password: the client re-wrapped the same keys under a new KEK. Other sessions end. */
  async changePassword(userId: string, sessionId: string, currentAuthKey: string, factor: SecondFactorDto, next: PasswordMaterialDto): Promise<void> {
    const current = await this.db.getRepository(StaffUser).findOneOrFail({ where: { id: userId } });
    const kdf = this.kdf(next);
    const user = await this.verify(current.email, { kind: 'secret', field: 'authKeyHash', value: currentAuthKey }, factor);
    await this.db
      .getRepository(StaffUser)
      .update(
        { id: user.id },
        { salt: Buffer.from(fromB64(next.salt, 16)), kdf, authKeyHash: sha256(fromB64(next.authKey, 32)), keyBundle: Buffer.from(fromB64(next.keyBundle)) },
      );
    await this.db.query('DELETE FROM staff_sessions WHERE user_id = $1 AND id <> $2', [user.id, sessionId]);
  }

  /** Step 1 of recovery: the bundle wrapped under the recovery key, for the holder of its reset subkey. */
  async recoveryBundle(email: string, resetKey: string): Promise<{ recoveryKeyBundle: string }> {
    const user = await this.verify(email, { kind: 'secret', field: 'recoveryAuthHash', value: resetKey }, null);
    return { recoveryKeyBundle: toB64(user.recoveryKeyBundle) };
  }

  /** Step 2 of recovery: a new password for the keys opened with the recovery key. Every session ends. */
  async recoveryReset(email: string, resetKey: string, factor: SecondFactorDto, next: PasswordMaterialDto): Promise<void> {
    const kdf = this.kdf(next);
    const user = await this.verify(email, { kind: 'secret', field: 'recoveryAuthHash', value: resetKey }, factor);
    await this.db
      .getRepository(StaffUser)
      .update(
        { id: user.id },
        { salt: Buffer.from(fromB64(next.salt, 16)), kdf, authKeyHash: sha256(fromB64(next.authKey, 32)), keyBundle: Buffer.from(fromB64(next.keyBundle)) },
      );
    await this.sessions.endAll(user.id);
  }

  private kdf(next: PasswordMaterialDto) {
    try {
      // A plain object: the validator checks the exact set of own keys.
      return assertKdfParams({ alg: next.kdf.alg, ops: next.kdf.ops, mem: next.kdf.mem });
    } catch (e) {
      if (e instanceof CryptoError)
        throw new BadRequestError('weak_kdf', 'The key derivation parameters are below the protocol minimum (ops ≥ 3, mem ≥ 64 MiB).');
      throw e;
    }
  }

  private bundle(user: StaffUser): LoginAnswer {
    return { user: toProfile(user), keyBundle: toB64(user.keyBundle), recoveryKeyBundle: toB64(user.recoveryKeyBundle) };
  }

  /**
   * Checks a secret (authKey or recovery reset key) and, unless `factor` is null, a
   * second factor; counts failures per account and locks it after too many.
   * Invariant: every failure, including a locked account, is the same 401.
   */
  private async verify(email: string, proof: Proof, factor: SecondFactorDto | null): Promise<StaffUser> {
    return this.db
      .transaction(async (em) => {
        const user = await em
          .getRepository(StaffUser)
          .createQueryBuilder('u')
          .setLock('pessimistic_write')
          .where('u.email = :email', { email: email.trim().toLowerCase() })
          .getOne();
        const now = new Date();
        const usable = !!user && user.active;
        const expected = usable ? user[proof.field] : DECOY_HASH;
        const secretOk = timingSafeEqual(sha256(fromB64(proof.value, 32)), expected) && usable;
        const locked = !!user?.lockedUntil && user.lockedUntil > now;
        const factorOk = secretOk && !locked && (factor === null || (await this.acceptFactor(em, user!, factor)));
        if (!secretOk || locked || !factorOk) {
          if (user && usable && !locked) await this.recordFailure(em, user);
          // The failure count must survive the refusal, so commit it and answer outside.
          return null;
        }
        if (user.failedLogins > 0 || user.lockedUntil) await em.update(StaffUser, { id: user.id }, { failedLogins: 0, lockedUntil: null });
        return user;
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

  private async recordFailure(em: EntityManager, user: StaffUser): Promise<void> {
    const failures = user.failedLogins + 1;
    const lock = failures >= this.config.loginMaxFailures;
    await em.update(
      StaffUser,
      { id: user.id },
      { failedLogins: lock ? 0 : failures, lockedUntil: lock ? new Date(Date.now() + this.config.loginLockMinutes * 60_000) : user.lockedUntil },
    );
  }

  private serverSecret(): string {
    if (!this.config.serverSecret) throw new Error('server secret is not configured');
    return this.config.serverSecret;
  }
}
