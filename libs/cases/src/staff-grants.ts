import { randomUUID } from 'node:crypto';
import { CryptoError, fromB64, verifyGrant, WireGrant } from '@kanava/crypto';
import { Case, CaseGrant } from '@kanava/database';
import { StaffGrantDto } from './dto/assignment.dto';
import { SealedGrantFields } from './dto/sealed-grant.dto';
import { CaseErrorCode, caseError } from './errors';

/** The case keys a handler holds: the shared key, and the internal key once notes exist. */
export function handlerKeyKinds(c: Case): ('shared' | 'internal')[] {
  return c.internalKeyId ? ['internal', 'shared'] : ['shared'];
}

/**
 * Checks grants made by a staff member's client: exactly one per required key kind,
 * to the named user, under the case's key ids, sealed boxes of the right size, and
 * signed by the granting staff member. Throws the case error codes.
 */
export function checkStaffGrants(c: Case, grants: StaffGrantDto[], granteeUserId: string, kinds: ('shared' | 'internal')[], signer: Buffer): void {
  const keyIdOf = { shared: c.sharedKeyId, internal: c.internalKeyId };
  const ok =
    grants
      .map((g) => g.keyKind)
      .sort()
      .join() === [...kinds].sort().join() &&
    grants.every(
      (g) => g.grantee === `user:${granteeUserId}` && keyIdOf[g.keyKind]?.equals(Buffer.from(fromB64(g.keyId, 16))) && fromB64(g.sealed).length === 80,
    );
  if (!ok) throw caseError(CaseErrorCode.GrantsIncomplete);
  for (const g of grants) verifyStaffGrant(g, c.id, signer);
}

/** A grant's signature by the granting staff member, or `bad_grant_signature` (never a silent pass). */
export function verifyStaffGrant(grant: SealedGrantFields & { keyKind: string; grantee: string }, caseId: string, signer: Buffer): void {
  try {
    verifyGrant(grant as WireGrant, caseId, signer);
  } catch (e) {
    if (e instanceof CryptoError) throw caseError(CaseErrorCode.BadGrantSignature);
    throw e;
  }
}

/** Rows for checked grants, signed by `granterUserId`. */
export function grantRows(
  c: Case,
  grants: (SealedGrantFields & { keyKind: CaseGrant['keyKind']; grantee: string })[],
  granteeUserId: string,
  granterUserId: string,
  extra: Partial<CaseGrant> = {},
): Partial<CaseGrant>[] {
  return grants.map((g) => ({
    id: randomUUID(),
    caseId: c.id,
    keyKind: g.keyKind,
    grantee: g.grantee,
    granteeUserId,
    keyId: Buffer.from(fromB64(g.keyId, 16)),
    sealed: Buffer.from(fromB64(g.sealed)),
    signature: Buffer.from(fromB64(g.signature, 64)),
    signedBy: `user:${granterUserId}`,
    ...extra,
  }));
}
