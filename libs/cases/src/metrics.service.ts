import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BadRequestError, Clock } from '@kanava/common';
import { CASE_OUTCOMES } from '@kanava/database';
import type { StaffActor } from '@kanava/access';
import { CaseErrorCode, caseError, CaseRuleErrorCode } from './errors';

/** Organisation-wide counts below this are shown as `<5`. */
export const SMALL_COUNT_THRESHOLD = 5;
export const SMALL_COUNT = `<${SMALL_COUNT_THRESHOLD}` as const;

/** A count as the answer gives it: exact, or `<5` when organisation-wide and below the threshold (zero included). */
export type MetricCount = number | typeof SMALL_COUNT;

/**
 * Whose cases are counted: `own` (a handler: only cases they may open, exactly, in any
 * period) or `organisation` (admins and auditors: whole calendar months that have
 * ended, small counts suppressed).
 */
export type MetricsScope = 'own' | 'organisation';

interface Period {
  from: Date;
  to: Date;
}

const monthStart = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
const addMonths = (d: Date, n: number) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));

/** 'YYYY-MM' of every month the period touches, oldest first. */
function monthsOf(p: Period): string[] {
  const months: string[] = [];
  for (let m = monthStart(p.from); m < p.to; m = addMonths(m, 1)) months.push(m.toISOString().slice(0, 7));
  return months;
}

/**
 * Channel metrics without personal data (R41, ISO 37002 9.1): counts by month and
 * category, time to acknowledgement and feedback, share on time, outcomes. Only
 * counts and durations leave this service, never a case, a person or a text.
 *
 * Invariant: nobody learns of a case they may not open. A handler counts only the
 * cases they may open (the inbox's rule), so an excluded handler's figures never
 * include the report. Organisation-wide figures (admins, auditors) are for whole
 * calendar months that have ended, so no window is narrower than a month and no
 * answer changes the moment a report arrives; and every count below 5 (zero too,
 * or "<5" would mean "at least one") is `<5`, with each share and median computed
 * over a suppressed count suppressed as well.
 */
@Injectable()
export class MetricsService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async metrics(actor: StaffActor, fromText?: string, toText?: string) {
    const scope: MetricsScope = actor.roles.includes('admin') || actor.roles.includes('auditor') ? 'organisation' : 'own';
    const now = this.clock.now();
    const period = scope === 'own' ? this.ownPeriod(now, fromText, toText) : this.organisationPeriod(now, fromText, toText);
    const params: unknown[] = [actor.organisationId, period.from, period.to];
    let where = 'c.organisation_id = $1 AND c.received_at >= $2 AND c.received_at < $3';
    if (scope === 'own') {
      params.push(actor.userId, now);
      // The rule of the inbox and assertCaseAccess: a live shared grant, not excluded or implicated, and a designated handler or an expert.
      where += ` AND NOT ($4 = ANY(c.excluded_user_ids)) AND NOT ($4 = ANY(c.implicated_user_ids))
        AND EXISTS (SELECT 1 FROM case_grants g WHERE g.case_id = c.id AND g.key_kind = 'shared' AND g.grantee_user_id = $4
                     AND (g.expires_at IS NULL OR g.expires_at > $5)
                     AND (g.expires_at IS NOT NULL OR EXISTS (SELECT 1 FROM channel_members m
                           WHERE m.channel_id = c.channel_id AND m.user_id = $4 AND m.role = 'handler')))`;
    }
    const nowParam = `$${params.length + 1}`;
    const [byMonth, byCategory, timing, outcomes, categories] = await Promise.all([
      this.db.query(
        `SELECT to_char(date_trunc('month', c.received_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month, count(*)::int AS reports
           FROM cases c WHERE ${where} GROUP BY 1`,
        params,
      ) as Promise<{ month: string; reports: number }[]>,
      this.db.query(`SELECT c.category_id AS "categoryId", count(*)::int AS reports FROM cases c WHERE ${where} GROUP BY 1`, params) as Promise<
        { categoryId: string | null; reports: number }[]
      >,
      this.db.query(
        `SELECT count(*)::int AS received,
                count(c.acknowledged_at)::int AS acknowledged,
                count(*) FILTER (WHERE c.acknowledged_at <= c.acknowledgement_due_at)::int AS "acknowledgedOnTime",
                count(*) FILTER (WHERE c.acknowledged_at IS NULL AND c.acknowledgement_due_at < ${nowParam})::int AS "acknowledgementOverdue",
                round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.acknowledged_at - c.received_at) / 86400))::numeric, 2)::float AS "medianDaysToAcknowledgement",
                count(c.feedback_given_at)::int AS "feedbackGiven",
                count(*) FILTER (WHERE c.feedback_given_at <= c.feedback_due_at)::int AS "feedbackOnTime",
                count(*) FILTER (WHERE c.feedback_given_at IS NULL AND c.feedback_due_at < ${nowParam})::int AS "feedbackOverdue",
                round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.feedback_given_at - c.received_at) / 86400))::numeric, 2)::float AS "medianDaysToFeedback",
                count(*) FILTER (WHERE cardinality(c.special_data) > 0)::int AS "specialData"
           FROM cases c WHERE ${where}`,
        [...params, now],
      ) as Promise<Record<string, number | null>[]>,
      this.db.query(`SELECT c.outcome, count(*)::int AS cases FROM cases c WHERE ${where} AND c.outcome IS NOT NULL GROUP BY 1`, params) as Promise<
        { outcome: string; cases: number }[]
      >,
      this.db.query(
        `SELECT cat.id, cat.label FROM categories cat JOIN channels ch ON ch.id = cat.channel_id WHERE ch.organisation_id = $1 ORDER BY cat.label, cat.id`,
        [actor.organisationId],
      ) as Promise<{ id: string; label: string }[]>,
    ]);
    return this.answer(scope, period, { byMonth, byCategory, timing: timing[0], outcomes, categories });
  }

  /** A handler's own cases: any period (default: the last year up to now), as asked. */
  private ownPeriod(now: Date, fromText?: string, toText?: string): Period {
    const to = toText ? new Date(toText) : now;
    const from = fromText ? new Date(fromText) : new Date(to.getTime() - 365 * 86_400_000);
    if (from >= to) throw new BadRequestError(CaseRuleErrorCode.InvalidPeriod, 'from must be before to.');
    return { from, to };
  }

  /**
   * The organisation's cases: the period widened to whole calendar months (UTC) and
   * ended before the current month, which is counted once it is over (default: the
   * last twelve months that have ended).
   */
  private organisationPeriod(now: Date, fromText?: string, toText?: string): Period {
    const current = monthStart(now);
    const askedTo = toText ? new Date(toText) : current;
    const askedFrom = fromText ? new Date(fromText) : addMonths(monthStart(askedTo), -12);
    if (askedFrom >= askedTo) throw new BadRequestError(CaseRuleErrorCode.InvalidPeriod, 'from must be before to.');
    const from = monthStart(askedFrom);
    const roundedTo = monthStart(askedTo).getTime() === askedTo.getTime() ? askedTo : addMonths(askedTo, 1);
    const to = roundedTo < current ? roundedTo : current;
    if (from >= to) throw caseError(CaseErrorCode.PeriodNotEnded);
    return { from, to };
  }

  private answer(
    scope: MetricsScope,
    period: Period,
    rows: {
      byMonth: { month: string; reports: number }[];
      byCategory: { categoryId: string | null; reports: number }[];
      timing: Record<string, number | null>;
      outcomes: { outcome: string; cases: number }[];
      categories: { id: string; label: string }[];
    },
  ) {
    const coarse = scope === 'organisation';
    const count = (n: number): MetricCount => (coarse && n < SMALL_COUNT_THRESHOLD ? SMALL_COUNT : n);
    const shown = (n: number) => !coarse || n >= SMALL_COUNT_THRESHOLD;
    // A share or a median says something about every case it is computed over: only when those counts are shown.
    const share = (part: number, whole: number) => (whole > 0 && shown(part) && shown(whole) ? Math.round((part / whole) * 1000) / 1000 : null);
    const median = (value: number | null, over: number) => (shown(over) ? value : null);
    const t = rows.timing;
    const n = (key: string) => t[key] ?? 0;

    const months = new Map(rows.byMonth.map((m) => [m.month, m.reports]));
    const labels = new Map(rows.categories.map((c) => [c.id, c.label]));
    const perCategory = new Map(rows.byCategory.map((c) => [c.categoryId, c.reports]));
    const perOutcome = new Map(rows.outcomes.map((o) => [o.outcome, o.cases]));
    // Organisation-wide, every month, category and outcome is listed, so a missing row does not say "none".
    const categoryIds: (string | null)[] = coarse ? [...rows.categories.map((c) => c.id), null] : [...perCategory.keys()];
    const outcomeNames: string[] = coarse ? [...CASE_OUTCOMES] : [...perOutcome.keys()].sort();
    const concluded = rows.outcomes.reduce((sum, o) => sum + o.cases, 0);
    const substantiated = (perOutcome.get('substantiated') ?? 0) + (perOutcome.get('partly_substantiated') ?? 0);

    return {
      scope,
      threshold: coarse ? SMALL_COUNT_THRESHOLD : null,
      period: { from: period.from.toISOString(), to: period.to.toISOString() },
      received: count(n('received')),
      reportsByMonth: monthsOf(period)
        .filter((month) => coarse || months.has(month))
        .map((month) => ({ month, reports: count(months.get(month) ?? 0) })),
      reportsByCategory: categoryIds
        .map((categoryId) => ({ categoryId, label: categoryId ? (labels.get(categoryId) ?? null) : null, reports: perCategory.get(categoryId) ?? 0 }))
        // Organisation-wide in a fixed order: sorting by count would rank the suppressed ones.
        .sort((a, b) => (coarse ? 0 : b.reports - a.reports) || (a.label ?? '\uffff').localeCompare(b.label ?? '\uffff'))
        .map((c) => ({ ...c, reports: count(c.reports) })),
      acknowledgement: {
        acknowledged: count(n('acknowledged')),
        onTime: count(n('acknowledgedOnTime')),
        overdue: count(n('acknowledgementOverdue')),
        shareOnTime: share(n('acknowledgedOnTime'), n('acknowledged')),
        medianDays: median(t.medianDaysToAcknowledgement, n('acknowledged')),
      },
      feedback: {
        given: count(n('feedbackGiven')),
        onTime: count(n('feedbackOnTime')),
        overdue: count(n('feedbackOverdue')),
        shareOnTime: share(n('feedbackOnTime'), n('feedbackGiven')),
        medianDays: median(t.medianDaysToFeedback, n('feedbackGiven')),
      },
      outcomes: outcomeNames.map((outcome) => ({ outcome, cases: count(perOutcome.get(outcome) ?? 0) })),
      substantiatedShare: share(substantiated, concluded),
      /** Cases flagged as holding special-category or criminal-offence data (R34). */
      specialData: count(n('specialData')),
    };
  }
}
