import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffActor } from '@kanava/access';
import { AcceptNoticeDto, NoticeLanguageQuery } from '../dto/admin.dto';
import { MeService } from './me.service';

/** What every handler and custodian needs for themselves: the notice and colleagues' public keys. */
@ApiTags('staff')
@Roles('handler', 'custodian')
@Controller('api/staff')
export class MeController {
  constructor(private readonly me: MeService) {}

  @Get('confidentiality-notice')
  @ApiOperation({ summary: 'The confidentiality notice (FI 36 §) in fi, sv or en (?language=, default en) and whether this user accepted its current version' })
  notice(@CurrentStaff() actor: StaffActor, @Query() query: NoticeLanguageQuery) {
    return this.me.notice(actor, query.language);
  }

  @Post('confidentiality-notice')
  @HttpCode(204)
  @ApiOperation({ summary: 'Accept the notice (its version, in any of its languages); required before the first case access (R22)' })
  accept(@CurrentStaff() actor: StaffActor, @Body() dto: AcceptNoticeDto): Promise<void> {
    return this.me.acceptNotice(actor, dto.version, dto.language);
  }

  @Get('directory')
  @ApiOperation({
    summary:
      "Active handlers' and custodians' public keys and designations; the console checks them against the signed key directory (GET /api/staff/key-directory)",
  })
  directory(@CurrentStaff() actor: StaffActor) {
    return this.me.directory(actor);
  }
}
