import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assertSharedStore, AttachmentStorage, StoreNotSharedError } from '@kanava/attachments';
import { Clock, KanavaConfig } from '@kanava/common';
import { assessJobs, JobRunRow, JobsAssessment } from './job-status';

/** The deployment's background jobs as readiness, the admin console and the CLI see them. */
@Injectable()
export class JobStatusService {
  private readonly since: Date;
  private storeShared: boolean | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly config: KanavaConfig,
    private readonly clock: Clock,
  ) {
    this.since = clock.now();
  }

  /**
   * Checks, once at start, that this process's attachment store is the deployment's
   * (see assertSharedStore); readiness reports the answer. Returns it.
   */
  async checkStore(storage: AttachmentStorage): Promise<boolean> {
    try {
      await assertSharedStore(this.db, storage);
      this.storeShared = true;
    } catch (e) {
      if (!(e instanceof StoreNotSharedError)) throw e;
      this.storeShared = false;
    }
    return this.storeShared;
  }

  async assess(): Promise<JobsAssessment> {
    const rows = (await this.db.query('SELECT * FROM job_runs')) as JobRunRow[];
    return assessJobs({
      rows,
      now: this.clock.now(),
      mode: this.config.jobs,
      staleAfterMinutes: this.config.jobsStaleMinutes,
      purgeIntervalSeconds: this.config.purgeIntervalSeconds,
      since: this.since,
      storeShared: this.storeShared,
    });
  }
}
