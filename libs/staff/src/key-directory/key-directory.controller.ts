import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { WireDirectoryEntry } from '@kanava/crypto';
import { ALL_STAFF_ROLES, CurrentStaff, Public, Roles, StaffActor } from '@kanava/access';
import { AppendDirectoryDto, DirectoryKeyDto, DirectorySlugParams, KeyBundleDto, ReverifiedDto } from '../dto/key-directory.dto';
import { KeyDirectoryService } from './key-directory.service';

/**
 * The organisation key directory for reporters: an additive route of the reporter
 * protocol (docs/reporter-protocol-extensions.md). Clients verify it themselves
 * against the organisation fingerprint; the server's word adds nothing.
 */
@ApiTags('reporter')
@Public()
@Controller('api/public/organisations')
export class PublicKeyDirectoryController {
  constructor(private readonly directory: KeyDirectoryService) {}

  @Get(':slug/key-directory')
  @ApiOperation({ summary: "The organisation's signed key directory (every entry, oldest first), to verify against its fingerprint" })
  log(@Param() params: DirectorySlugParams) {
    return this.directory.publicLog(params.slug);
  }
}

/** What every staff member's console needs to verify keys and keep its trust list. */
@ApiTags('staff')
@Roles(...ALL_STAFF_ROLES)
@Controller('api/staff')
export class StaffKeyDirectoryController {
  constructor(private readonly directory: KeyDirectoryService) {}

  @Get('key-directory')
  @ApiOperation({ summary: "The organisation's signed key directory, which the console verifies before it seals a key or trusts a signature" })
  log(@CurrentStaff() actor: StaffActor) {
    return this.directory.log(actor.organisationId);
  }

  @Put('key-bundle')
  @HttpCode(204)
  @ApiOperation({ summary: 'Store the key bundle re-wrapped in the browser with a changed trust list (compare-and-set on the bundle it replaces)' })
  saveKeyBundle(@CurrentStaff() actor: StaffActor, @Body() dto: KeyBundleDto): Promise<void> {
    return this.directory.saveKeyBundle(actor, dto.keyBundle, dto.replaces);
  }

  @Post('trust/reverified')
  @Roles('handler', 'custodian', 'admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Record that a changed fingerprint (a colleague’s or the organisation’s) was compared out of band and is trusted now' })
  reverified(@CurrentStaff() actor: StaffActor, @Body() dto: ReverifiedDto): Promise<void> {
    return this.directory.recordReverified(actor, dto.subject);
  }
}

/** Signing the directory: what changed, and the entries the organisation signed offline. */
@ApiTags('admin')
@Roles('admin')
@Controller('api/admin')
export class AdminKeyDirectoryController {
  constructor(private readonly directory: KeyDirectoryService) {}

  @Get('key-directory/pending')
  @ApiOperation({ summary: 'Accounts whose keys, roles or name differ from their newest directory entry, with the entry that would list them as they are' })
  pending(@CurrentStaff() actor: StaffActor) {
    return this.directory.pending(actor.organisationId);
  }

  @Post('key-directory/entries')
  @HttpCode(201)
  @ApiOperation({ summary: 'Append entries signed with the offline directory key; all or none, and only as the continuation of the current head' })
  append(@CurrentStaff() actor: StaffActor, @Body() dto: AppendDirectoryDto) {
    return this.directory.append(actor.organisationId, { kind: 'staff', id: actor.userId, role: 'admin' }, dto.entries as WireDirectoryEntry[]);
  }

  @Put('organisation/directory-key')
  @HttpCode(200)
  @ApiOperation({ summary: 'Set the public half of the directory-signing key, once, beside the recovery key; answers the organisation fingerprint' })
  setDirectoryKey(@CurrentStaff() actor: StaffActor, @Body() dto: DirectoryKeyDto) {
    return this.directory.setDirectoryKey(actor.organisationId, actor.userId, dto.publicKey);
  }
}
