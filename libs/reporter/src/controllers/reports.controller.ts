import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@kanava/access';
import { AddIdentityDto, SubmitReportDto } from '@kanava/protocol';
import { TranscriptParams, TranscriptReviewDto } from '../dto/transcript-review.dto';
import { ItemDto } from '@kanava/protocol';
import { FollowUpService } from '../services/follow-up.service';
import { SubmissionService } from '../services/submission.service';

/** Reporter routes. Invariant: nothing here reads the client address, user agent or cookies. */
@ApiTags('reporter')
@Public()
@Controller('api/public')
export class ReportsController {
  constructor(
    private readonly submissions: SubmissionService,
    private readonly followUp: FollowUpService,
  ) {}

  @Post('reports')
  @HttpCode(201)
  @ApiOperation({ summary: 'Submit an end-to-end encrypted report (API.md "Submit")' })
  submit(@Body() dto: SubmitReportDto) {
    return this.submissions.submit(dto);
  }

  @Get('case')
  @ApiBearerAuth()
  @ApiOperation({ summary: "The reporter's view of their case (Authorization: Bearer <lookup token>)" })
  async view(@Headers('authorization') authorization: string | undefined) {
    return this.followUp.view(await this.followUp.authenticate(authorization));
  }

  @Post('case/messages')
  @HttpCode(201)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Add a signed, encrypted message from the reporter' })
  async message(@Headers('authorization') authorization: string | undefined, @Body() item: ItemDto) {
    const c = await this.followUp.authenticate(authorization);
    return this.followUp.addMessage(c, item);
  }

  @Post('case/identity')
  @HttpCode(201)
  @ApiBearerAuth()
  @ApiOperation({ summary: "Add the reporter's identity later, sealed to the reporter, recovery and the channel's custodians" })
  async identity(@Headers('authorization') authorization: string | undefined, @Body() dto: AddIdentityDto) {
    const c = await this.followUp.authenticate(authorization);
    return this.followUp.addIdentity(c, dto);
  }

  @Post('case/transcripts/:transcriptId/review')
  @HttpCode(201)
  @ApiBearerAuth()
  @ApiOperation({
    summary: "Approve a handler's transcript or minutes, or say corrections follow: signed by the reporter key over the transcript's id and SHA-256 (R29)",
  })
  async reviewTranscript(@Headers('authorization') authorization: string | undefined, @Param() params: TranscriptParams, @Body() dto: TranscriptReviewDto) {
    const c = await this.followUp.authenticate(authorization);
    return this.followUp.reviewTranscript(c, params.transcriptId, dto);
  }
}
