import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReporterSessions } from '@kanava/protocol';
import { CurrentStaff, Public, Roles, StaffActor } from '@kanava/access';
import { CaseParams } from './dto/list-cases.dto';
import { CaseMeetingParams, MeetingAcceptDto, MeetingOfferDto, MeetingParams, MeetingRequestDto } from './dto/meeting.dto';
import { MeetingsService } from './meetings.service';

/** A handler's side of meetings and calls with the reporter (R1). */
@ApiTags('cases')
@Roles('handler')
@Controller('api/staff/cases')
export class MeetingsController {
  constructor(private readonly meetings: MeetingsService) {}

  @Post(':caseId/meetings')
  @HttpCode(201)
  @ApiOperation({ summary: 'Propose a meeting or a call to the reporter, unasked, with up to five times' })
  propose(@CurrentStaff() actor: StaffActor, @Param() params: CaseParams, @Body() dto: MeetingOfferDto) {
    return this.meetings.offer(actor, params.caseId, null, dto);
  }

  @Post(':caseId/meetings/:meetingId/offer')
  @HttpCode(200)
  @ApiOperation({ summary: "Answer the reporter's request for a meeting or a call with up to five times" })
  offer(@CurrentStaff() actor: StaffActor, @Param() params: CaseMeetingParams, @Body() dto: MeetingOfferDto) {
    return this.meetings.offer(actor, params.caseId, params.meetingId, dto);
  }
}

/** The reporter's side (docs/reporter-protocol-extensions.md "Meetings and calls"), authenticated by the lookup token. */
@ApiTags('reporter')
@ApiBearerAuth()
@Public()
@Controller('api/public/case/meetings')
export class ReporterMeetingsController {
  constructor(
    private readonly followUp: ReporterSessions,
    private readonly meetings: MeetingsService,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Ask for a meeting in person or a call (R1); write any wishes as a message' })
  async request(@Headers('authorization') authorization: string | undefined, @Body() dto: MeetingRequestDto) {
    return this.meetings.request(await this.followUp.authenticate(authorization), dto.kind);
  }

  @Post(':meetingId/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept one of the offered times' })
  async accept(@Headers('authorization') authorization: string | undefined, @Param() params: MeetingParams, @Body() dto: MeetingAcceptDto) {
    return this.meetings.accept(await this.followUp.authenticate(authorization), params.meetingId, dto.slot);
  }
}
