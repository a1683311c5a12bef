import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { BadRequestError, ConflictError, NotFoundError } from '@kanava/common';
import { Category, Channel, ChannelMember, MemberRole, Organisation, STAFF_ROLES, StaffRole, StaffUser } from '@kanava/database';
import { createStaffAccountMaterial } from './account-keys';

export interface NewOrganisation {
  slug: string;
  name: string;
  recoveryPublicKey?: Uint8Array | null;
}

export interface NewChannel {
  organisationId: string;
  name: string;
  description?: string;
  allowAnonymous?: boolean;
  exclusionEnabled?: boolean;
  categories?: string[];
}

export interface NewStaffUser {
  organisationId: string;
  email: string;
  displayName: string;
  password: string;
  roles: StaffRole[];
  /** Channels this user handles (role handler) or guards identities for (role custodian). */
  channelIds?: string[];
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * Creates organisations, channels, categories and staff accounts. Used by the
 * operator CLI and the demo seed; the admin UI will reuse it.
 */
@Injectable()
export class ProvisioningService {
  constructor(private readonly db: DataSource) {}

  async createOrganisation(input: NewOrganisation): Promise<Organisation> {
    if (!SLUG.test(input.slug)) throw new BadRequestError('invalid_slug', 'A slug is 1–63 lower-case letters, digits and inner hyphens.');
    if (!input.name.trim()) throw new BadRequestError('invalid_name', 'The organisation needs a name.');
    if (input.recoveryPublicKey && input.recoveryPublicKey.length !== 32) {
      throw new BadRequestError('invalid_recovery_key', 'The recovery public key is 32 bytes.');
    }
    const repo = this.db.getRepository(Organisation);
    if (await repo.exists({ where: { slug: input.slug } })) throw new ConflictError('slug_taken', `An organisation "${input.slug}" exists already.`);
    return repo.save(
      repo.create({
        id: randomUUID(),
        slug: input.slug,
        name: input.name.trim(),
        recoveryPublicKey: input.recoveryPublicKey ? Buffer.from(input.recoveryPublicKey) : null,
      }),
    );
  }

  async findOrganisation(slugOrId: string): Promise<Organisation> {
    const repo = this.db.getRepository(Organisation);
    const org = /^[0-9a-f-]{36}$/.test(slugOrId) ? await repo.findOne({ where: { id: slugOrId } }) : await repo.findOne({ where: { slug: slugOrId } });
    if (!org) throw new NotFoundError('organisation_not_found', `No organisation "${slugOrId}".`);
    return org;
  }

  async createChannel(input: NewChannel): Promise<{ channel: Channel; categories: Category[] }> {
    if (!input.name.trim()) throw new BadRequestError('invalid_name', 'The channel needs a name.');
    return this.db.transaction(async (em) => {
      const channel = await em.save(
        em.create(Channel, {
          id: randomUUID(),
          organisationId: input.organisationId,
          name: input.name.trim(),
          description: input.description ?? '',
          allowAnonymous: input.allowAnonymous ?? true,
          exclusionEnabled: input.exclusionEnabled ?? false,
        }),
      );
      const categories: Category[] = [];
      for (const [position, label] of (input.categories ?? []).entries()) {
        categories.push(await em.save(em.create(Category, { id: randomUUID(), channelId: channel.id, label: label.trim(), position })));
      }
      return { channel, categories };
    });
  }

  /** Creates the account with fresh keys; returns the user and the one-time recovery key. */
  async createStaffUser(input: NewStaffUser): Promise<{ user: StaffUser; recoveryKey: Uint8Array }> {
    const email = input.email.trim().toLowerCase();
    if (!EMAIL.test(email)) throw new BadRequestError('invalid_email', 'That is not an e-mail address.');
    if (input.password.length < 12) throw new BadRequestError('weak_password', 'A password has at least 12 characters.');
    if (input.roles.length === 0 || input.roles.some((r) => !STAFF_ROLES.includes(r))) {
      throw new BadRequestError('invalid_roles', `Roles are some of: ${STAFF_ROLES.join(', ')}.`);
    }
    const { material, recoveryKey } = createStaffAccountMaterial(input.password);
    const user = await this.db.transaction(async (em) => {
      if (await em.exists(StaffUser, { where: { email } })) throw new ConflictError('email_taken', `${email} has an account already.`);
      const saved = await em.save(
        em.create(StaffUser, {
          id: randomUUID(),
          organisationId: input.organisationId,
          email,
          displayName: input.displayName.trim() || email,
          roles: input.roles,
          boxPublicKey: Buffer.from(material.boxPublicKey),
          signPublicKey: Buffer.from(material.signPublicKey),
          kdf: material.kdf,
          salt: Buffer.from(material.salt),
          authKeyHash: Buffer.from(material.authKeyHash),
          keyBundle: Buffer.from(material.keyBundle),
          recoveryKeyBundle: Buffer.from(material.recoveryKeyBundle),
          recoveryAuthHash: Buffer.from(material.recoveryAuthHash),
        }),
      );
      const memberRoles = (['handler', 'custodian'] as MemberRole[]).filter((r) => input.roles.includes(r));
      for (const channelId of input.channelIds ?? []) {
        const channel = await em.findOne(Channel, { where: { id: channelId, organisationId: input.organisationId } });
        if (!channel) throw new NotFoundError('channel_not_found', `No channel ${channelId} in this organisation.`);
        for (const role of memberRoles) await em.save(em.create(ChannelMember, { channelId, userId: saved.id, role }));
      }
      return saved;
    });
    return { user, recoveryKey };
  }
}
