import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@kanava/access';
import { JobStatusService } from './job-status.service';

@ApiTags('operations')
@Controller('api/admin/jobs')
export class JobsController {
  constructor(private readonly status: JobStatusService) {}

  @Roles('admin', 'auditor')
  @Get()
  @ApiOperation({
    summary: 'When each background job (retention purge, reminders, digest, audit checkpoints, sweeps) last ran, and whether the deployment is degraded',
  })
  jobs() {
    return this.status.assess();
  }
}
