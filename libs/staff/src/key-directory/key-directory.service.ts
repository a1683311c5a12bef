import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  CryptoError,
  DIRECTORY_ROLES,
  DirectoryRole,
  directoryName,
  directoryTime,
  fromB64,
  organisationFingerprint,
  toB64,
  verifyDirectory,
  WireDirectory,
  WireDirectoryEntry,
} from '@kanava/crypto';
import { AuditActor, AuditSink, Clock } from '@kanava/common';
import { KeyDirectoryEntry, Organisation, StaffRole, StaffUser } from '@kanava/database';
import type { StaffActor } from '@kanava/access';
import { KeyDirectoryErrorCode, keyDirectoryError } from './errors';

// The listing rule itself is the protocol's (`directoryListedSql` in libs/protocol): the
// reporter lib seals to exactly the accounts it lists, without depending on this lib.

/** Why a change is pending: what differs between the account and its newest entry. */
export type PendingReason = 'new' | 'returned' | 'keys' | 'roles' | 'name' | 'expired' | 'role_removed' | 'deactivated';

export interface PendingChange {
  action: 'add' | 'replace' | 'remove';
  reason: PendingReason;
  userId: string;
  roles: DirectoryRole[];
  displayName: string;
  boxPublicKey: string;
  signPublicKey: string;
}

export interface PendingDirectory {
  organisationId: string;
  directoryPublicKey: string | null;
  /** Where signed entries must attach: the newest entry's seq and hash, or null for an empty log. */
  head: { seq: number; hash: string } | null;
  changes: PendingChange[];
}

function toWire(row: KeyDirectoryEntry): WireDirectoryEntry {
  return {
    seq: row.seq,
    action: row.action,
    userId: row.userId,
    roles: row.roles,
    displayName: row.displayName,
    boxPublicKey: toB64(row.boxPublicKey),
    signPublicKey: toB64(row.signPublicKey),
    signedAt: directoryTime(row.signedAt),
    validUntil: row.validUntil ? directoryTime(row.validUntil) : null,
    prevHash: toB64(row.prevHash),
    signature: toB64(row.signature),
  };
}

/** The roles of an account the directory lists: handler and custodian, and only while the account is active. */
function directoryRolesOf(user: StaffUser): DirectoryRole[] {
  return user.active ? DIRECTORY_ROLES.filter((r) => user.roles.includes(r as StaffRole)) : [];
}

const sameRoles = (a: string[], b: string[]) => a.length === b.length && a.every((r, i) => r === b[i]);

/**
 * The organisation key directory (docs/key-directory.md): serves the signed log,
 * says which accounts differ from their newest entry, and appends entries the
 * organisation signed offline, after checking that they continue the log, verify
 * under the directory key and describe the accounts as they are.
 */
@Injectable()
export class KeyDirectoryService {
  /**
   * `audit` is null only for the demo seed outside the app (provisioning records no
   * events either); the app always injects the audit log.
   */
  constructor(
    private readonly db: DataSource,
    @Inject(AuditSink) private readonly audit: AuditSink | null,
    private readonly clock: Clock,
  ) {}

  /** Staff actions are recorded always: they only run in the app, where the log is injected. */
  private auditLog(): AuditSink {
    if (!this.audit) throw new Error('the audit log is not available');
    return this.audit;
  }

  async log(organisationId: string, em: EntityManager = this.db.manager): Promise<WireDirectory> {
    const rows = await em.getRepository(KeyDirectoryEntry).find({ where: { organisationId }, order: { seq: 'ASC' } });
    return { organisationId, entries: rows.map(toWire) };
  }

  /** The public log of the organisation at a portal address. */
  async publicLog(slug: string): Promise<WireDirectory> {
    const org = await this.db.getRepository(Organisation).findOne({ select: { id: true }, where: { slug } });
    if (!org) throw keyDirectoryError(KeyDirectoryErrorCode.OrganisationNotFound);
    return this.log(org.id);
  }

  /** Every account whose listing differs from what its newest entry says, with what entry would fix it. */
  async pending(organisationId: string): Promise<PendingDirectory> {
    const org = await this.db.getRepository(Organisation).findOneByOrFail({ id: organisationId });
    const rows = await this.db.getRepository(KeyDirectoryEntry).find({ where: { organisationId }, order: { seq: 'ASC' } });
    const users = await this.db.getRepository(StaffUser).find({ where: { organisationId }, order: { displayName: 'ASC', id: 'ASC' } });
    const last = new Map<string, KeyDirectoryEntry>();
    for (const row of rows) last.set(row.userId, row);
    const now = this.clock.nowMs();
    const changes: PendingChange[] = [];
    for (const user of users) {
      const entry = last.get(user.id);
      const listed = entry !== undefined && entry.action !== 'remove';
      const roles = directoryRolesOf(user);
      if (roles.length === 0) {
        if (listed) {
          changes.push({
            action: 'remove',
            reason: user.active ? 'role_removed' : 'deactivated',
            userId: user.id,
            roles: entry.roles,
            displayName: entry.displayName,
            boxPublicKey: toB64(entry.boxPublicKey),
            signPublicKey: toB64(entry.signPublicKey),
          });
        }
        continue;
      }
      const wanted = {
        userId: user.id,
        roles,
        displayName: directoryName(user.displayName),
        boxPublicKey: toB64(user.boxPublicKey),
        signPublicKey: toB64(user.signPublicKey),
      };
      let reason: PendingReason | null = null;
      if (!listed) reason = entry ? 'returned' : 'new';
      else if (!entry.boxPublicKey.equals(user.boxPublicKey) || !entry.signPublicKey.equals(user.signPublicKey)) reason = 'keys';
      else if (!sameRoles(entry.roles, roles)) reason = 'roles';
      else if (entry.displayName !== wanted.displayName) reason = 'name';
      else if (entry.validUntil && entry.validUntil.getTime() <= now) reason = 'expired';
      if (reason) changes.push({ action: listed ? 'replace' : 'add', reason, ...wanted });
    }
    const head = rows[rows.length - 1];
    return {
      organisationId,
      directoryPublicKey: org.directoryPublicKey ? toB64(org.directoryPublicKey) : null,
      head: head ? { seq: head.seq, hash: toB64(head.hash) } : null,
      changes,
    };
  }

  /**
   * Appends entries the organisation signed: all or none, under a lock on the
   * organisation row so two signers cannot both attach to the same head.
   * Invariant: nothing is stored that does not verify, together with every entry
   * before it, under the organisation's directory key.
   */
  async append(organisationId: string, actor: AuditActor, entries: WireDirectoryEntry[]): Promise<{ head: { seq: number; hash: string } }> {
    const signed = entries.map((e) => ({ ...e, validUntil: e.validUntil ?? null }));
    return this.db.transaction(async (em) => {
      const [org] = (await em.query('SELECT directory_public_key FROM organisations WHERE id = $1 FOR UPDATE', [organisationId])) as {
        directory_public_key: Buffer | null;
      }[];
      if (!org?.directory_public_key) throw keyDirectoryError(KeyDirectoryErrorCode.DirectoryKeyMissing);
      const rows = await em.getRepository(KeyDirectoryEntry).find({ where: { organisationId }, order: { seq: 'ASC' } });
      const headHash = rows.length ? rows[rows.length - 1].hash : Buffer.alloc(32);
      if (signed[0].seq !== rows.length + 1 || signed[0].prevHash !== toB64(headHash)) throw keyDirectoryError(KeyDirectoryErrorCode.DirectoryStale);
      const existing = rows.map(toWire);
      let verified;
      try {
        verified = verifyDirectory({ organisationId, entries: [...existing, ...signed] }, organisationId, org.directory_public_key);
      } catch (e) {
        if (e instanceof CryptoError) throw keyDirectoryError(KeyDirectoryErrorCode.DirectoryInvalid, e.message);
        throw e;
      }
      await this.assertDescribesAccounts(em, organisationId, signed);
      const added = verified.entries.slice(existing.length);
      await em.getRepository(KeyDirectoryEntry).insert(
        added.map((e) => ({
          organisationId,
          seq: e.seq,
          action: e.action,
          userId: e.userId,
          roles: e.roles,
          displayName: e.displayName,
          boxPublicKey: Buffer.from(e.boxPublicKey),
          signPublicKey: Buffer.from(e.signPublicKey),
          signedAt: new Date(e.signedAt),
          validUntil: e.validUntil ? new Date(e.validUntil) : null,
          prevHash: Buffer.from(e.prevHash),
          signature: Buffer.from(e.signature),
          hash: Buffer.from(e.hash),
        })),
      );
      const count = (action: string) => added.filter((e) => e.action === action).length;
      await this.audit?.record(em, {
        organisationId,
        actor,
        action: 'directory.entries_appended',
        details: { fromSeq: added[0].seq, toSeq: added[added.length - 1].seq, added: count('add'), replaced: count('replace'), removed: count('remove') },
      });
      const head = added[added.length - 1];
      return { head: { seq: head.seq, hash: toB64(head.hash) } };
    });
  }

  /** Each add or replace names an active account of the organisation as it is now: keys, roles (handler, custodian) and name. */
  private async assertDescribesAccounts(em: EntityManager, organisationId: string, entries: WireDirectoryEntry[]): Promise<void> {
    const ids = [...new Set(entries.map((e) => e.userId))];
    const users = await em.getRepository(StaffUser).find({ where: ids.map((id) => ({ id, organisationId })) });
    const now = this.clock.nowMs();
    for (const entry of entries) {
      const user = users.find((u) => u.id === entry.userId);
      const mismatch = (why: string) => keyDirectoryError(KeyDirectoryErrorCode.EntryMismatch, `entry ${entry.seq}: ${why}`);
      if (!user) throw mismatch('no such account in this organisation');
      if (entry.action === 'remove') continue;
      if (!sameRoles(entry.roles, directoryRolesOf(user))) throw mismatch('roles');
      if (!user.boxPublicKey.equals(fromB64(entry.boxPublicKey, 32)) || !user.signPublicKey.equals(fromB64(entry.signPublicKey, 32))) throw mismatch('keys');
      if (entry.displayName !== directoryName(user.displayName)) throw mismatch('name');
      if (entry.validUntil && Date.parse(entry.validUntil) <= now) throw mismatch('expired already');
    }
  }

  /**
   * Sets the directory-signing public key once, and only beside a recovery key.
   * Invariant: an admin cannot replace it, or they could sign a directory of keys
   * of their own; the organisation fingerprint would change and pinned clients warn.
   */
  async setDirectoryKey(organisationId: string, actorId: string, publicKey: string): Promise<{ organisationFingerprint: string }> {
    const key = Buffer.from(fromB64(publicKey, 32));
    return this.db.transaction(async (em) => {
      const [org] = (await em.query('SELECT recovery_public_key, directory_public_key FROM organisations WHERE id = $1 FOR UPDATE', [organisationId])) as {
        recovery_public_key: Buffer | null;
        directory_public_key: Buffer | null;
      }[];
      if (!org.recovery_public_key) throw keyDirectoryError(KeyDirectoryErrorCode.RecoveryKeyMissing);
      if (org.directory_public_key) throw keyDirectoryError(KeyDirectoryErrorCode.DirectoryKeySet);
      await em.update(Organisation, { id: organisationId }, { directoryPublicKey: key });
      const fp = organisationFingerprint(org.recovery_public_key, key);
      await this.auditLog().record(em, {
        organisationId,
        actor: { kind: 'staff', id: actorId, role: 'admin' },
        action: 'organisation.directory_key_set',
        details: { organisationFingerprint: fp },
      });
      return { organisationFingerprint: fp };
    });
  }

  /**
   * Records that a staff member compared a changed fingerprint out of band and
   * trusts it now (CRYPTO.md "Trusting public keys"): ids only, no key material.
   */
  async recordReverified(actor: StaffActor, subject: string): Promise<void> {
    const userId = subject.startsWith('user:') ? subject.slice(5) : null;
    if (userId && !(await this.db.getRepository(StaffUser).exists({ where: { id: userId, organisationId: actor.organisationId } }))) {
      throw keyDirectoryError(KeyDirectoryErrorCode.UserNotFound);
    }
    const role = (['handler', 'custodian', 'admin'] as StaffRole[]).find((r) => actor.roles.includes(r)) ?? actor.roles[0];
    await this.auditLog().record(this.db.manager, {
      organisationId: actor.organisationId,
      actor: { kind: 'staff', id: actor.userId, role },
      action: 'trust.reverified',
      details: { subject: userId ?? 'organisation' },
    });
  }

  /**
   * Stores the key bundle re-wrapped in the browser with a changed trust list.
   * Compare-and-set on the bundle it replaces: a tab with an older trust list cannot
   * drop pins another tab added (it gets 409, reloads and repeats its change).
   */
  async saveKeyBundle(actor: StaffActor, keyBundle: string, replaces: string): Promise<void> {
    const next = Buffer.from(fromB64(keyBundle));
    // nonce 24 ‖ secretbox (16-byte tag) of a JSON object holding two keys: anything shorter is not a bundle.
    if (next.length < 24 + 16 + 100) throw keyDirectoryError(KeyDirectoryErrorCode.KeyBundleInvalid);
    await this.db.transaction(async (em) => {
      const [, changed] = (await em.query('UPDATE staff_users SET key_bundle = $2 WHERE id = $1 AND key_bundle = $3', [
        actor.userId,
        next,
        Buffer.from(fromB64(replaces)),
      ])) as [unknown, number];
      if (!changed) throw keyDirectoryError(KeyDirectoryErrorCode.KeyBundleChanged);
      await this.auditLog().record(em, {
        organisationId: actor.organisationId,
        actor: { kind: 'staff', id: actor.userId, role: actor.roles[0] },
        action: 'staff.key_bundle_updated',
      });
    });
  }
}
