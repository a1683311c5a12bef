import { DEFAULT_STAFF_KDF, KdfParams } from '@kanava/crypto';
import { BadRequestError } from '@kanava/common';
import { StaffErrorCode } from '../errors';

/**
 * Accounts use exactly the server's key derivation parameters. Invariant: prelogin
 * answers unknown addresses with these same parameters, so an account with its own
 * parameters would stand out from the decoys and reveal that it exists.
 */
export function assertAcceptedKdf(kdf: { alg: string; ops: number; mem: number }): KdfParams {
  if (kdf.alg !== DEFAULT_STAFF_KDF.alg || kdf.ops !== DEFAULT_STAFF_KDF.ops || kdf.mem !== DEFAULT_STAFF_KDF.mem) {
    throw new BadRequestError(
      StaffErrorCode.KdfNotAccepted,
      `Derive keys with the server's parameters: ${JSON.stringify(DEFAULT_STAFF_KDF)} (POST /api/auth/prelogin tells them).`,
    );
  }
  return { ...DEFAULT_STAFF_KDF };
}
