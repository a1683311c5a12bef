import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffActor } from '@kanava/access';
import { MetricsQuery } from './dto/metrics.dto';
import { MetricsService } from './metrics.service';

@ApiTags('metrics')
@Roles('admin', 'auditor', 'handler')
@Controller('api/metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @ApiOperation({
    summary: 'Channel metrics without personal data (R41): reports by month and category, timeliness, outcomes',
    description:
      'A handler counts the cases they may open, exactly, in any period. Admins and auditors count the organisation in whole calendar months that have ended (the period is widened to whole months and ends before the current one); every count below 5 is "<5", and a share or median over such a count is null.',
  })
  get(@CurrentStaff() actor: StaffActor, @Query() q: MetricsQuery) {
    return this.metrics.metrics(actor, q.from, q.to);
  }
}
