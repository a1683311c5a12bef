import { createAttachmentStorage } from '@kanava/attachments';
import { Clock, JsonLogger } from '@kanava/common';
import { assessJobs, JOB_DUTIES, JOB_NAMES, jobDefinitions, JobName, JobRecorder, JobRunRow } from '@kanava/jobs';
import { Command, UsageError } from './commands';

function ago(iso: string | null, now: number): string {
  if (!iso) return 'never';
  const minutes = Math.round((now - Date.parse(iso)) / 60_000);
  return `${iso} (${minutes < 1 ? 'just now' : minutes < 120 ? `${minutes} min ago` : `${Math.round(minutes / 60)} h ago`})`;
}

/** Operations: what the background jobs did, and running one now. */
export const OPERATIONS: Record<string, Command> = {
  status: {
    usage: 'status [--check]',
    summary: 'Show the database, when each background job last ran, and whether the deployment is degraded (--check: exit code 1 if so).',
    needsDatabase: true,
    async run(args, { db, config, out }) {
      const check = args.includes('--check');
      const now = new Date();
      const [{ organisations }] = (await db.query('SELECT count(*)::int AS organisations FROM organisations')) as { organisations: number }[];
      const [store] = (await db.query('SELECT created_at FROM storage_identity WHERE id = 1')) as { created_at: Date }[];
      const rows = (await db.query('SELECT * FROM job_runs')) as JobRunRow[];
      const a = assessJobs({
        rows,
        now,
        mode: config.jobs,
        staleAfterMinutes: config.jobsStaleMinutes,
        purgeIntervalSeconds: config.purgeIntervalSeconds,
        // A purge that never ran is overdue once the deployment is older than the stale period.
        since: store?.created_at ?? now,
        storeShared: null,
      });
      out(`database: ${config.databaseUrl ? 'DATABASE_URL' : `embedded PostgreSQL in ${config.dataDir}`}, ${organisations} organisation(s)`);
      out(`attachment storage: ${config.storageDriver}${config.storageDriver === 's3' ? ` bucket ${config.s3Bucket}` : ` under ${config.dataDir}`}`);
      out(`background jobs in the API: ${config.jobs === 'inline' ? 'inline (each API process runs them)' : 'off (workers run them)'}`);
      out('job                          last succeeded                              last failed');
      for (const j of a.jobs) {
        const failed = j.lastError ? `${ago(j.lastFailedAt, now.getTime())} ${j.lastError}` : j.lastFailedAt ? ago(j.lastFailedAt, now.getTime()) : '-';
        out(`  ${j.name.padEnd(27)} ${ago(j.lastSucceededAt, now.getTime()).padEnd(43)} ${failed}`);
      }
      out(`status: ${a.status}`);
      for (const p of a.problems) out(`  - ${p.message}`);
      if (check && a.status !== 'ok') process.exitCode = 1;
    },
  },
  'jobs:run': {
    usage: `jobs:run --job <${JOB_NAMES.join('|')}>`,
    summary: 'Run one background job now, in this process (recorded like a scheduled run); e.g. the retention purge after changing a retention period.',
    needsDatabase: true,
    async run(args, { db, config, out }) {
      const i = args.indexOf('--job');
      const name = (i >= 0 ? args[i + 1] : undefined) as JobName | undefined;
      if (!name || !JOB_NAMES.includes(name)) throw new UsageError(`--job must be one of: ${JOB_NAMES.join(', ')}`);
      const clock = new Clock();
      const logger = new JsonLogger(config.logLevel, (line) => process.stderr.write(line + '\n'));
      const job = jobDefinitions(db, { ...config, serverSecret: config.serverSecret! }, clock, createAttachmentStorage(config), logger).find(
        (j) => j.name === name,
      )!;
      out(`running ${name}: ${JOB_DUTIES[name]}`);
      const count = await new JobRecorder(db, clock).track(name, job.run);
      out(`${name} done: ${count}`);
    },
  },
};
