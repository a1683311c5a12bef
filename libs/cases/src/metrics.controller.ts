import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffActor } from '@kanava/staff';
import { MetricsQuery } from './dto/metrics.dto';
import { MetricsService } from './metrics.service';

@ApiTags('metrics')
@Roles('admin', 'auditor', 'handler')
@Controller('api/metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @ApiOperation({ summary: 'Channel metrics without personal data (R41): reports by month and category, timeliness, outcomes' })
  get(@CurrentStaff() actor: StaffActor, @Query() q: MetricsQuery) {
    return this.metrics.metrics(actor.organisationId, q.from, q.to);
  }
}
