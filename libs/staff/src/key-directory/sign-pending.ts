import { directoryKeyPair, directoryTime, fromB64, signDirectoryEntries } from '@kanava/crypto';
import type { AuditActor } from '@kanava/common';
import type { KeyDirectoryService, PendingChange } from './key-directory.service';

/**
 * Signs the pending changes with the directory key's seed and appends them: for the
 * demo seed, the operator CLI (`directory:sign`) and tests, where the seed is at
 * hand. The staff console signs in the browser instead (docs/key-directory.md).
 * `only` limits it to some accounts. Answers how many entries were appended.
 */
export async function signPendingDirectory(
  directory: KeyDirectoryService,
  organisationId: string,
  seed: Uint8Array,
  actor: AuditActor,
  options: { validUntil?: string | null; signedAt?: Date; only?: (change: PendingChange) => boolean } = {},
): Promise<number> {
  const pending = await directory.pending(organisationId);
  const changes = pending.changes.filter(options.only ?? (() => true));
  if (changes.length === 0) return 0;
  const key = directoryKeyPair(seed);
  try {
    const entries = signDirectoryEntries({
      organisationId,
      head: pending.head ? { seq: pending.head.seq, hash: fromB64(pending.head.hash, 32) } : null,
      changes: changes.map((c) => ({
        action: c.action,
        userId: c.userId,
        roles: c.roles,
        displayName: c.displayName,
        boxPublicKey: fromB64(c.boxPublicKey, 32),
        signPublicKey: fromB64(c.signPublicKey, 32),
        validUntil: c.action === 'remove' ? null : (options.validUntil ?? null),
      })),
      secretKey: key.secretKey,
      signedAt: directoryTime(options.signedAt ?? new Date()),
    });
    await directory.append(organisationId, actor, entries);
    return entries.length;
  } finally {
    key.secretKey.fill(0);
  }
}
