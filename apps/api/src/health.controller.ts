import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { Response } from 'express';
import { JobStatusService } from '@kanava/jobs';
import { Public } from '@kanava/access';

@ApiTags('operations')
@Public()
@Controller('api/health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly jobs: JobStatusService,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * 503 when PostgreSQL does not answer (send no traffic here). 200 otherwise, with
   * `status: "degraded"` when the background jobs are not keeping the law's
   * deletion duty (no purge for longer than KANAVA_JOBS_STALE_MINUTES, a failing
   * purge, an attachment store that is not shared): the API still serves reporters,
   * so a load balancer keeps it, while monitoring alerts on the status.
   */
  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: 503 when PostgreSQL does not answer; 200 with status ok or degraded (background jobs: last purge, reminders, checkpoints)',
  })
  async ready(@Res({ passthrough: true }) res: Response) {
    try {
      await this.health.check([() => this.db.pingCheck('database', { timeout: 2000 })]);
    } catch {
      res.status(503);
      return { status: 'error', error: { database: { status: 'down' } } };
    }
    const jobs = await this.jobs.assess();
    return {
      status: jobs.status,
      info: { database: { status: 'up' }, jobs: { status: jobs.status === 'ok' ? 'up' : 'degraded' } },
      jobs: {
        mode: jobs.mode,
        lastPurgeAt: jobs.jobs.find((j) => j.name === 'retention-purge')!.lastSucceededAt,
        lastRemindersAt: jobs.jobs.find((j) => j.name === 'deadline-reminders')!.lastSucceededAt,
        lastCheckpointAt: jobs.jobs.find((j) => j.name === 'audit-checkpoints')!.lastSucceededAt,
        problems: jobs.problems,
      },
    };
  }
}
