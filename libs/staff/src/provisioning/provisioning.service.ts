import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditSink, BadRequestError, ConflictError, KanavaConfig, NotFoundError } from '@kanava/common';
import {
  Category,
  CategoryTranslations,
  Channel,
  ChannelMember,
  ChannelTranslations,
  MemberRole,
  Organisation,
  STAFF_ROLES,
  StaffBackupCode,
  StaffRole,
  StaffUser,
} from '@kanava/database';
import { hashBackupCode, newBackupCodes, newTotpSecret, totpCipher } from '../factors/totp';
import { checkPassword } from '../policy/password-policy';
import { createStaffAccountMaterial, StaffAccountMaterial } from './account-keys';
import { StaffErrorCode } from '../errors';

export interface NewOrganisation {
  slug: string;
  name: string;
  recoveryPublicKey?: Uint8Array | null;
  /** The directory-signing public key (docs/key-directory.md); needs the recovery key beside it. */
  directoryPublicKey?: Uint8Array | null;
}

export interface NewChannel {
  organisationId: string;
  name: string;
  description?: string;
  allowAnonymous?: boolean;
  exclusionEnabled?: boolean;
  voiceEnabled?: boolean;
  categories?: string[];
  /** Name and description per language; `name` and `description` are the default. */
  translations?: ChannelTranslations;
  /** Labels per language, in the order of `categories`. */
  categoryTranslations?: CategoryTranslations[];
}

export interface NewStaffUser {
  organisationId: string;
  email: string;
  displayName: string;
  password: string;
  roles: StaffRole[];
  /** Channels this user handles (role handler) or guards identities for (role custodian). */
  channelIds?: string[];
  /** Only for the demo, whose second factor is published with its password. */
  totpSecret?: string;
}

/**
 * Who provisions, and the log their action goes to: an operator at the command line
 * (R38: nothing an operator adds to an organisation goes unseen) or an admin in the
 * console. The event commits with the change, or neither does.
 */
export interface Provisioner {
  actor: AuditActor;
  audit: AuditSink;
}

/** The operator's name as logged: what `--operator` says, else the OS account running the command. */
export function operatorName(given: string | undefined, osUser: () => string): string {
  const name = (given ?? osUser()).trim();
  if (!/^[\p{L}\p{N}][\p{L}\p{N} ._@-]{0,63}$/u.test(name)) {
    throw new BadRequestError(StaffErrorCode.InvalidOperator, 'The operator is named by 1–64 letters, digits, spaces, dots, @, _ or -.');
  }
  return name;
}

export interface Designation {
  channelId: string;
  role: MemberRole;
}

/** What a new account starts with; the second factor and recovery key are shown to their owner once. */
export interface CreatedStaffUser {
  user: StaffUser;
  recoveryKey: Uint8Array;
  totpSecret: string;
  backupCodes: string[];
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
export const EMAIL = /^[^\s@]+@[^\s@]+$/;

export function assertRoles(roles: string[]): asserts roles is StaffRole[] {
  if (roles.length === 0 || roles.some((r) => !STAFF_ROLES.includes(r as StaffRole))) {
    throw new BadRequestError(StaffErrorCode.InvalidRoles, `Roles are one or more of: ${STAFF_ROLES.join(', ')}.`);
  }
}

/**
 * Creates organisations, channels, categories and staff accounts. Used by the
 * operator CLI, the demo seed and (for accounts) invitation activation.
 */
@Injectable()
export class ProvisioningService {
  constructor(
    private readonly db: DataSource,
    private readonly config: KanavaConfig,
  ) {}

  /** The work in `em`'s transaction when one is given (the first-run set-up makes everything in one), else in a new one. */
  private within<T>(em: EntityManager | undefined, work: (em: EntityManager) => Promise<T>): Promise<T> {
    return em ? work(em) : this.db.transaction(work);
  }

  async createOrganisation(input: NewOrganisation, by?: Provisioner, inside?: EntityManager): Promise<Organisation> {
    if (!SLUG.test(input.slug)) throw new BadRequestError(StaffErrorCode.InvalidSlug, 'A slug is 1–63 lower-case letters, digits and inner hyphens.');
    if (!input.name.trim()) throw new BadRequestError(StaffErrorCode.InvalidName, 'The organisation needs a name.');
    if (input.recoveryPublicKey && input.recoveryPublicKey.length !== 32) {
      throw new BadRequestError(StaffErrorCode.InvalidRecoveryKey, 'The recovery public key is 32 bytes.');
    }
    if (input.directoryPublicKey && input.directoryPublicKey.length !== 32) {
      throw new BadRequestError(StaffErrorCode.InvalidDirectoryKey, 'The directory public key is 32 bytes.');
    }
    // The organisation fingerprint covers both keys: a directory key alone would pin nothing a reporter can check.
    if (input.directoryPublicKey && !input.recoveryPublicKey) {
      throw new BadRequestError(
        StaffErrorCode.RecoveryKeyMissing,
        'A directory key needs the recovery key beside it (the organisation fingerprint covers both).',
      );
    }
    return this.within(inside, async (em) => {
      if (await em.exists(Organisation, { where: { slug: input.slug } }))
        throw new ConflictError(StaffErrorCode.SlugTaken, `An organisation "${input.slug}" exists already.`);
      const org = await em.save(
        em.create(Organisation, {
          id: randomUUID(),
          slug: input.slug,
          name: input.name.trim(),
          recoveryPublicKey: input.recoveryPublicKey ? Buffer.from(input.recoveryPublicKey) : null,
          directoryPublicKey: input.directoryPublicKey ? Buffer.from(input.directoryPublicKey) : null,
        }),
      );
      await by?.audit.record(em, {
        organisationId: org.id,
        actor: by.actor,
        action: 'organisation.created',
        details: { slug: org.slug, recoveryKey: !!org.recoveryPublicKey, directoryKey: !!org.directoryPublicKey },
      });
      return org;
    });
  }

  async findOrganisation(slugOrId: string): Promise<Organisation> {
    const repo = this.db.getRepository(Organisation);
    const org = /^[0-9a-f-]{36}$/.test(slugOrId) ? await repo.findOne({ where: { id: slugOrId } }) : await repo.findOne({ where: { slug: slugOrId } });
    if (!org) throw new NotFoundError(StaffErrorCode.OrganisationNotFound, `No organisation "${slugOrId}".`);
    return org;
  }

  async createChannel(input: NewChannel, by?: Provisioner, inside?: EntityManager): Promise<{ channel: Channel; categories: Category[] }> {
    if (!input.name.trim()) throw new BadRequestError(StaffErrorCode.InvalidName, 'The channel needs a name.');
    return this.within(inside, async (em) => {
      const channel = await em.save(
        em.create(Channel, {
          id: randomUUID(),
          organisationId: input.organisationId,
          name: input.name.trim(),
          description: input.description ?? '',
          allowAnonymous: input.allowAnonymous ?? true,
          exclusionEnabled: input.exclusionEnabled ?? false,
          voiceEnabled: input.voiceEnabled ?? false,
          translations: input.translations ?? {},
        }),
      );
      const categories: Category[] = [];
      for (const [position, label] of (input.categories ?? []).entries()) {
        categories.push(
          await em.save(
            em.create(Category, {
              id: randomUUID(),
              channelId: channel.id,
              label: label.trim(),
              position,
              translations: input.categoryTranslations?.[position] ?? {},
            }),
          ),
        );
      }
      await by?.audit.record(em, {
        organisationId: input.organisationId,
        actor: by.actor,
        action: 'channel.created',
        details: { channelId: channel.id, categories: categories.length },
      });
      return { channel, categories };
    });
  }

  /**
   * Creates an account where the password is typed (CLI, demo): keys generated
   * here, TOTP enrolled, backup codes issued. The password must pass the policy.
   * The account is marked as made outside the console (the access review shows it),
   * with the operator's name when one provisions it.
   */
  async createStaffUser(input: NewStaffUser, by?: Provisioner): Promise<CreatedStaffUser> {
    const email = input.email.trim().toLowerCase();
    if (!EMAIL.test(email)) throw new BadRequestError(StaffErrorCode.InvalidEmail, 'That is not an e-mail address.');
    assertRoles(input.roles);
    const verdict = checkPassword(input.password, [email, input.displayName]);
    if (!verdict.ok) throw new BadRequestError(StaffErrorCode.WeakPassword, `The password is not accepted: ${verdict.problems.join('; ')}.`);
    const { material, recoveryKey } = createStaffAccountMaterial(input.password);
    const totpSecret = input.totpSecret ?? newTotpSecret();
    const memberRoles = (['handler', 'custodian'] as MemberRole[]).filter((r) => input.roles.includes(r));
    const designations = (input.channelIds ?? []).flatMap((channelId) => memberRoles.map((role) => ({ channelId, role })));
    return this.db.transaction(async (em) => {
      const user = await this.insertAccount(em, {
        organisationId: input.organisationId,
        email,
        displayName: input.displayName,
        roles: input.roles,
        material,
        totpSealed: totpCipher(this.config).seal(totpSecret),
        designations,
        designatedBy: null,
        createdBy: { via: 'operator', operator: by?.actor.kind === 'operator' ? by.actor.name : null },
      });
      await by?.audit.record(em, {
        organisationId: input.organisationId,
        actor: by.actor,
        action: 'staff.created',
        details: { userId: user.id, roles: user.roles.join(','), channels: new Set(designations.map((d) => d.channelId)).size },
      });
      return { user, recoveryKey, totpSecret, backupCodes: await this.issueBackupCodes(em, user.id) };
    });
  }

  /** Stores a new account and its designations; shared by the CLI path and invitation activation. */
  async insertAccount(
    em: EntityManager,
    input: {
      organisationId: string;
      email: string;
      displayName: string;
      roles: StaffRole[];
      material: StaffAccountMaterial;
      totpSealed: Buffer;
      designations: Designation[];
      designatedBy: string | null;
      /** How the account came to be: an invitation accepted in the console, or an operator's command. */
      createdBy: { via: StaffUser['createdVia']; operator: string | null };
    },
  ): Promise<StaffUser> {
    if (await em.exists(StaffUser, { where: { email: input.email } }))
      throw new ConflictError(StaffErrorCode.EmailTaken, `${input.email} has an account already.`);
    const m = input.material;
    const user = await em.save(
      em.create(StaffUser, {
        id: randomUUID(),
        organisationId: input.organisationId,
        email: input.email,
        displayName: input.displayName.trim() || input.email,
        roles: input.roles,
        boxPublicKey: Buffer.from(m.boxPublicKey),
        signPublicKey: Buffer.from(m.signPublicKey),
        kdf: m.kdf,
        salt: Buffer.from(m.salt),
        authKeyHash: Buffer.from(m.authKeyHash),
        keyBundle: Buffer.from(m.keyBundle),
        recoveryKeyBundle: Buffer.from(m.recoveryKeyBundle),
        recoveryAuthHash: Buffer.from(m.recoveryAuthHash),
        totpSecret: input.totpSealed,
        createdVia: input.createdBy.via,
        createdByOperator: input.createdBy.operator,
      }),
    );
    for (const d of input.designations) {
      const channel = await em.findOne(Channel, { where: { id: d.channelId, organisationId: input.organisationId } });
      if (!channel) throw new NotFoundError(StaffErrorCode.ChannelNotFound, `No channel ${d.channelId} in this organisation.`);
      await em.save(em.create(ChannelMember, { channelId: d.channelId, userId: user.id, role: d.role, designatedBy: input.designatedBy }));
    }
    return user;
  }

  /** Replaces the account's backup codes with ten new ones, returned once. */
  async issueBackupCodes(em: EntityManager, userId: string): Promise<string[]> {
    await em.delete(StaffBackupCode, { userId });
    const codes = newBackupCodes();
    await em.save(codes.map((code) => em.create(StaffBackupCode, { id: randomUUID(), userId, codeHash: hashBackupCode(code), usedAt: null })));
    return codes;
  }
}
