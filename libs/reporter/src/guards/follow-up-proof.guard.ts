import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { isB64 } from '@kanava/crypto';
import { KanavaConfig } from '@kanava/common';
import { ReporterErrorCode, reporterError } from '../errors';
import { ChallengeService } from '../services/challenge.service';
import { followUpFailureBudget, RateLimitService } from '../services/rate-limit.service';

/** The extension header (docs/reporter-protocol-extensions.md): `<challengeId>:<nonce b64 8>`. */
export const PROOF_HEADER = 'x-kanava-proof';

const PROOF_VALUE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):([A-Za-z0-9_-]{11})$/;

/** `<challengeId>:<nonce>` → its parts, or null when it is not of that form. */
export function parseProofHeader(value: string): { challengeId: string; nonce: string } | null {
  const match = PROOF_VALUE.exec(value);
  return match && isB64(match[2], 8) ? { challengeId: match[1], nonce: match[2] } : null;
}

/** Every follow-up route of API.md, wherever its controller lives (the attachment routes too). */
const FOLLOW_UP_PATH = /^\/api\/public\/case(\/|$)/;

/**
 * Proof of work on follow-ups once wrong case secrets are many (issue 8). A global
 * guard, so it covers every `/api/public/case…` route whichever lib serves it, and
 * runs before the handler reads the lookup token, so the answer never depends on it.
 *
 * Below the threshold, a request without the header passes untouched: clients
 * written against API.md see no difference. A header that is sent is always
 * checked and spent, so one proof buys one request whatever the load.
 * Invariant: nothing about the client is read; the count is everybody's.
 */
@Injectable()
export class FollowUpProofGuard implements CanActivate {
  constructor(
    private readonly db: DataSource,
    private readonly config: KanavaConfig,
    private readonly challenges: ChallengeService,
    private readonly limits: RateLimitService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    if (!FOLLOW_UP_PATH.test(req.path)) return true;
    const header = req.headers[PROOF_HEADER];
    if (header === undefined && (await this.limits.recentCount('follow-up-failures')) < this.config.followUpProofAfterFailures) return true;
    // A spent budget answers 429 first: a proof spent on a request that must wait anyway would be wasted.
    await this.limits.check(followUpFailureBudget(this.config)[0]);
    if (header === undefined) throw reporterError(ReporterErrorCode.ProofRequired);
    const proof = typeof header === 'string' ? parseProofHeader(header) : null;
    if (!proof) throw reporterError(ReporterErrorCode.InvalidProof);
    await this.challenges.spend(this.db.manager, proof.challengeId, proof.nonce);
    return true;
  }
}
