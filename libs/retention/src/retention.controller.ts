import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CaseParams } from '@kanava/cases';
import { CurrentStaff, Roles, StaffActor } from '@kanava/access';
import { ChannelParams, ChannelRetentionDto, ConfirmDto, HoldParams, PlaceHoldDto, UpcomingDeletionsQuery } from './dto/retention.dto';
import { RetentionService } from './retention.service';

@ApiTags('retention')
@Controller('api')
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  @Roles('handler')
  @Get('staff/cases/:caseId/retention')
  @ApiOperation({ summary: 'When the case will be deleted and why, and its legal holds (R24–R26)' })
  caseRetention(@CurrentStaff() actor: StaffActor, @Param() params: CaseParams) {
    return this.retention.caseRetention(actor, params.caseId);
  }

  @Roles('handler')
  @Post('staff/cases/:caseId/legal-holds')
  @HttpCode(201)
  @ApiOperation({ summary: 'Place a legal hold: the case is kept past its deletion date until released (R26)' })
  placeHold(@CurrentStaff() actor: StaffActor, @Param() params: CaseParams, @Body() dto: PlaceHoldDto) {
    return this.retention.placeHold(actor, params.caseId, dto);
  }

  @Roles('handler')
  @Post('staff/cases/:caseId/legal-holds/:holdId/release')
  @HttpCode(204)
  @ApiOperation({ summary: 'Release a legal hold; needs confirm when the case would then be deleted at the next purge' })
  releaseHold(@CurrentStaff() actor: StaffActor, @Param() params: HoldParams, @Body() dto: ConfirmDto) {
    return this.retention.releaseHold(actor, params.caseId, params.holdId, dto.confirm === true);
  }

  @Roles('admin')
  @Put('admin/channels/:channelId/retention')
  @ApiOperation({ summary: "Set a channel's retention: days after receipt, and optionally days after closure; moves every case's deletion date" })
  setChannelRetention(@CurrentStaff() actor: StaffActor, @Param() params: ChannelParams, @Body() dto: ChannelRetentionDto) {
    return this.retention.setChannelRetention(actor.organisationId, actor.userId, params.channelId, dto);
  }

  @Roles('admin')
  @Get('admin/retention/upcoming')
  @ApiOperation({ summary: 'Cases in deletion order, with date, basis and hold: metadata only' })
  upcoming(@CurrentStaff() actor: StaffActor, @Query() query: UpcomingDeletionsQuery) {
    return this.retention.upcomingDeletions(actor.organisationId, query.limit, query.cursor);
  }
}
