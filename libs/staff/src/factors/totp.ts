import { Injectable } from '@nestjs/common';
import { createHash, randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { AtRestCipher, Clock, KanavaConfig } from '@kanava/common';

const PERIOD_SECONDS = 30;
/** One step either side absorbs clock drift between phone and server. */
const WINDOW = 1;
const BACKUP_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The TOTP view of Kanava's clock: tests that move the clock move the TOTP step with it. */
@Injectable()
export class TotpClock {
  constructor(private readonly clock: Clock) {}

  now(): number {
    return this.clock.nowMs();
  }

  /** For tests only (the clock refuses outside tests). */
  advance(ms: number): void {
    this.clock.advance(ms);
  }
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpFor(secretBase32: string, label: string): TOTP {
  return new TOTP({ issuer: 'Kanava', label, algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS, secret: Secret.fromBase32(secretBase32) });
}

/** Ten one-time codes like "K7QX2-4M2PA" (50 bits each). */
export function newBackupCodes(): string[] {
  return Array.from({ length: 10 }, () => {
    let s = '';
    for (let i = 0; i < 10; i++) s += BACKUP_ALPHABET[randomInt(32)];
    return `${s.slice(0, 5)}-${s.slice(5)}`;
  });
}

export function hashBackupCode(code: string): Buffer {
  const normalised = code.toUpperCase().replace(/[\s-]/g, '');
  return createHash('sha256').update(`kanava:backup-code:${normalised}`).digest();
}

/** The at-rest cipher for TOTP seeds (also used by provisioning outside Nest, e.g. the CLI). */
export function totpCipher(config: KanavaConfig): AtRestCipher {
  if (!config.serverSecret) throw new Error('server secret is not configured');
  return new AtRestCipher(config.serverSecret, 'totp');
}

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s) with replay protection by time step. */
@Injectable()
export class TotpService {
  private readonly cipher: AtRestCipher;

  constructor(
    private readonly clock: TotpClock,
    config: KanavaConfig,
  ) {
    this.cipher = totpCipher(config);
  }

  seal(secretBase32: string): Buffer {
    return this.cipher.seal(secretBase32);
  }

  open(sealed: Buffer): string {
    return this.cipher.open(sealed);
  }

  /**
   * The time step the code belongs to, or null when it is wrong or a replay
   * (a step at or before the last one accepted for this account).
   */
  accept(secretBase32: string, code: string, lastStep: number): number | null {
    const now = this.clock.now();
    const delta = totpFor(secretBase32, 'check').validate({ token: code, timestamp: now, window: WINDOW });
    if (delta === null) return null;
    const step = Math.floor(now / 1000 / PERIOD_SECONDS) + delta;
    return step > lastStep ? step : null;
  }
}
