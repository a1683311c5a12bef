import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource, In } from 'typeorm';
import { BadRequestError } from '@kanava/common';
import { fingerprint, toB64 } from '@kanava/crypto';
import { ChannelMember, StaffUser } from '@kanava/database';
import { CurrentStaff, Roles, StaffActor } from '../auth/decorators';
import { AcceptNoticeDto } from '../dto/admin.dto';
import { CONFIDENTIALITY_NOTICE } from './confidentiality-notice';

/** What every handler and custodian needs for themselves: the notice and colleagues' public keys. */
@ApiTags('staff')
@Roles('handler', 'custodian')
@Controller('api/staff')
export class MeController {
  constructor(private readonly db: DataSource) {}

  @Get('confidentiality-notice')
  @ApiOperation({ summary: 'The confidentiality notice (FI 36 §) and whether this user accepted its current version' })
  async notice(@CurrentStaff() actor: StaffActor) {
    const user = await this.db.getRepository(StaffUser).findOneByOrFail({ id: actor.userId });
    return {
      ...CONFIDENTIALITY_NOTICE,
      acceptedAt: user.confidentialityVersion === CONFIDENTIALITY_NOTICE.version ? (user.confidentialityAcceptedAt?.toISOString() ?? null) : null,
    };
  }

  @Post('confidentiality-notice')
  @HttpCode(204)
  @ApiOperation({ summary: 'Accept the notice; required before the first case access (R22)' })
  async accept(@CurrentStaff() actor: StaffActor, @Body() dto: AcceptNoticeDto): Promise<void> {
    if (dto.version !== CONFIDENTIALITY_NOTICE.version) throw new BadRequestError('notice_outdated', 'A newer notice exists; read it and accept that one.');
    await this.db.getRepository(StaffUser).update({ id: actor.userId }, { confidentialityAcceptedAt: new Date(), confidentialityVersion: dto.version });
  }

  @Get('directory')
  @ApiOperation({ summary: "Active handlers' and custodians' public keys and fingerprints, for sealing keys and checking signatures" })
  async directory(@CurrentStaff() actor: StaffActor) {
    const users = await this.db.getRepository(StaffUser).find({ where: { organisationId: actor.organisationId, active: true }, order: { displayName: 'ASC' } });
    const members = await this.db.getRepository(ChannelMember).find({ where: { userId: In(users.map((u) => u.id)) } });
    return users
      .filter((u) => u.roles.includes('handler') || u.roles.includes('custodian'))
      .map((u) => ({
        userId: u.id,
        displayName: u.displayName,
        roles: u.roles.filter((r) => r === 'handler' || r === 'custodian'),
        boxPublicKey: toB64(u.boxPublicKey),
        signPublicKey: toB64(u.signPublicKey),
        fingerprint: fingerprint(u.boxPublicKey, u.signPublicKey),
        designations: members.filter((m) => m.userId === u.id).map((m) => ({ channelId: m.channelId, role: m.role })),
      }));
  }
}
