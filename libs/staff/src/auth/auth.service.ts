import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Repository } from 'typeorm';
import { DEFAULT_STAFF_KDF, fromB64, toB64 } from '@kanava/crypto';
import { KanavaConfig, UnauthorizedError } from '@kanava/common';
import { StaffUser } from '@kanava/database';
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
}

export interface LoginAnswer {
  user: StaffProfile;
  keyBundle: string;
  recoveryKeyBundle: string;
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
  };
}

// Compared against when the account does not exist, so both paths do the same work.
const DECOY_HASH = Buffer.alloc(32, 0xa5);

@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(StaffUser) private readonly users: Repository<StaffUser>,
    private readonly sessions: SessionService,
    private readonly config: KanavaConfig,
  ) {}

  /** Salt and KDF for an address; a decoy derived from the server secret for unknown ones. */
  async prelogin(email: string): Promise<PreloginAnswer> {
    const normalised = email.trim().toLowerCase();
    const user = await this.users.findOne({ where: { email: normalised } });
    if (user && user.active) return { salt: toB64(user.salt), kdf: user.kdf };
    const salt = createHmac('sha256', this.serverSecret()).update(normalised, 'utf8').digest().subarray(0, 16);
    return { salt: toB64(salt), kdf: DEFAULT_STAFF_KDF };
  }

  /** One answer for every failure, so it reveals neither the account nor the factor. */
  async login(email: string, authKeyB64: string): Promise<{ answer: LoginAnswer; token: string }> {
    const user = await this.users.findOne({ where: { email: email.trim().toLowerCase() } });
    const presented = sha256(fromB64(authKeyB64, 32));
    const expected = user && user.active ? user.authKeyHash : DECOY_HASH;
    const ok = timingSafeEqual(presented, expected) && !!user && user.active;
    if (!ok || !user) throw new UnauthorizedError('invalid_credentials', 'The e-mail address, password or code is not right.');
    const { token } = await this.sessions.create(user.id);
    return {
      token,
      answer: { user: toProfile(user), keyBundle: toB64(user.keyBundle), recoveryKeyBundle: toB64(user.recoveryKeyBundle) },
    };
  }

  async me(userId: string): Promise<LoginAnswer> {
    const user = await this.users.findOneOrFail({ where: { id: userId } });
    return { user: toProfile(user), keyBundle: toB64(user.keyBundle), recoveryKeyBundle: toB64(user.recoveryKeyBundle) };
  }

  private serverSecret(): string {
    if (!this.config.serverSecret) throw new Error('server secret is not configured');
    return this.config.serverSecret;
  }
}
