import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BadRequestError, Clock } from '@kanava/common';

/**
 * Channel metrics without personal data (R41, ISO 37002 9.1): counts by month and
 * category, time to acknowledgement and feedback, share on time, outcomes. Only
 * counts and durations leave this service, never a case, a person or a text.
 */
@Injectable()
export class MetricsService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async metrics(organisationId: string, fromText?: string, toText?: string) {
    const now = this.clock.now();
    const to = toText ? new Date(toText) : now;
    const from = fromText ? new Date(fromText) : new Date(to.getTime() - 365 * 86_400_000);
    if (from >= to) throw new BadRequestError('invalid_period', 'from must be before to.');
    const params = [organisationId, from, to];
    const scope = 'c.organisation_id = $1 AND c.received_at >= $2 AND c.received_at < $3';
    const [byMonth, byCategory, timing, outcomes] = await Promise.all([
      this.db.query(
        `SELECT to_char(date_trunc('month', c.received_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month, count(*)::int AS reports
           FROM cases c WHERE ${scope} GROUP BY 1 ORDER BY 1`,
        params,
      ),
      this.db.query(
        `SELECT c.category_id AS "categoryId", cat.label, count(*)::int AS reports
           FROM cases c LEFT JOIN categories cat ON cat.id = c.category_id WHERE ${scope} GROUP BY 1, 2 ORDER BY 3 DESC, 2`,
        params,
      ),
      this.db.query(
        `SELECT count(*)::int AS received,
                count(c.acknowledged_at)::int AS acknowledged,
                count(*) FILTER (WHERE c.acknowledged_at <= c.acknowledgement_due_at)::int AS "acknowledgedOnTime",
                count(*) FILTER (WHERE c.acknowledged_at IS NULL AND c.acknowledgement_due_at < $4)::int AS "acknowledgementOverdue",
                round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.acknowledged_at - c.received_at) / 86400))::numeric, 2)::float AS "medianDaysToAcknowledgement",
                count(c.feedback_given_at)::int AS "feedbackGiven",
                count(*) FILTER (WHERE c.feedback_given_at <= c.feedback_due_at)::int AS "feedbackOnTime",
                count(*) FILTER (WHERE c.feedback_given_at IS NULL AND c.feedback_due_at < $4)::int AS "feedbackOverdue",
                round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.feedback_given_at - c.received_at) / 86400))::numeric, 2)::float AS "medianDaysToFeedback"
           FROM cases c WHERE ${scope}`,
        [...params, now],
      ),
      this.db.query(`SELECT c.outcome, count(*)::int AS cases FROM cases c WHERE ${scope} AND c.outcome IS NOT NULL GROUP BY 1 ORDER BY 1`, params),
    ]);
    const t = timing[0] as Record<string, number | null>;
    const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null);
    const concluded = (outcomes as { outcome: string; cases: number }[]).reduce((n, o) => n + o.cases, 0);
    const substantiated = (outcomes as { outcome: string; cases: number }[])
      .filter((o) => o.outcome === 'substantiated' || o.outcome === 'partly_substantiated')
      .reduce((n, o) => n + o.cases, 0);
    return {
      period: { from: from.toISOString(), to: to.toISOString() },
      reportsByMonth: byMonth,
      reportsByCategory: byCategory,
      acknowledgement: {
        acknowledged: t.acknowledged,
        onTime: t.acknowledgedOnTime,
        overdue: t.acknowledgementOverdue,
        shareOnTime: share(t.acknowledgedOnTime ?? 0, t.acknowledged ?? 0),
        medianDays: t.medianDaysToAcknowledgement,
      },
      feedback: {
        given: t.feedbackGiven,
        onTime: t.feedbackOnTime,
        overdue: t.feedbackOverdue,
        shareOnTime: share(t.feedbackOnTime ?? 0, t.feedbackGiven ?? 0),
        medianDays: t.medianDaysToFeedback,
      },
      received: t.received,
      outcomes,
      substantiatedShare: share(substantiated, concluded),
    };
  }
}
