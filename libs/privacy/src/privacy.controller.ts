import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Public, Roles, StaffActor } from '@kanava/access';
import { ChannelParams, PrivacyLanguageQuery, PrivacyNoticeDto } from './dto/privacy.dto';
import { PrivacyService } from './privacy.service';

/** The privacy notice reporters read: public like the rest of the channel's description (no cookie, no address kept). */
@ApiTags('reporter')
@Public()
@Controller('api/public')
export class PublicPrivacyNoticeController {
  constructor(private readonly privacy: PrivacyService) {}

  @Get('channels/:channelId/privacy-notice')
  @ApiOperation({
    summary: "The channel's privacy notice (GDPR 13–14) in fi, sv or en (?language=, default en): the organisation's own text, else the built-in template",
  })
  notice(@Param() params: ChannelParams, @Query() query: PrivacyLanguageQuery) {
    return this.privacy.publicNotice(params.channelId, query.language ?? 'en');
  }
}

/** The controller's paperwork for a channel: its privacy notice and its record of processing activities. */
@ApiTags('admin')
@Roles('admin')
@Controller('api/admin/channels')
export class PrivacyAdminController {
  constructor(private readonly privacy: PrivacyService) {}

  @Get(':channelId/privacy-notice')
  @ApiOperation({ summary: "The channel's own privacy notice texts per language (null: none) beside the built-in templates" })
  notice(@CurrentStaff() actor: StaffActor, @Param() params: ChannelParams) {
    return this.privacy.adminNotice(actor.organisationId, params.channelId);
  }

  @Put(':channelId/privacy-notice')
  @ApiOperation({
    summary: "Replace the channel's privacy notice: own text per language (blank or left out: the template), the processor and the storage location",
  })
  setNotice(@CurrentStaff() actor: StaffActor, @Param() params: ChannelParams, @Body() dto: PrivacyNoticeDto) {
    return this.privacy.setNotice(actor.organisationId, actor.userId, params.channelId, dto);
  }

  @Get(':channelId/processing-record')
  @ApiOperation({ summary: 'The record of processing activities (GDPR 30) of the channel, made from the live settings' })
  processingRecord(@CurrentStaff() actor: StaffActor, @Param() params: ChannelParams) {
    return this.privacy.processingRecord(actor.organisationId, params.channelId);
  }
}
