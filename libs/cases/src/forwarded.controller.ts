import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ForwardedReportDto, ForwardedReportIntake } from '@kanava/protocol';
import { CurrentStaff, Roles, StaffActor } from '@kanava/access';
import { CaseAccessService } from './case-access.service';

/** Reports that reached the organisation another way (R5), registered by a handler of the channel. */
@ApiTags('cases')
@Roles('handler')
@Controller('api/staff/forwarded-reports')
export class ForwardedReportsController {
  constructor(
    private readonly access: CaseAccessService,
    private readonly submissions: ForwardedReportIntake,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Register a report received another way (R5): a case made in the handler browser like a portal report, dated when it was received, with the SHA-256 of the original',
  })
  async register(@CurrentStaff() actor: StaffActor, @Body() dto: ForwardedReportDto) {
    await this.access.assertNoticeAccepted(actor);
    return this.submissions.registerForwarded(actor, dto);
  }
}
