import { FormEvent, useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../shared/i18n';
import type { PageProps } from '../page-props';
import { formatDate, StaffShell } from '../layout';
import { ApiError, query } from '../staff-api';

/** A count: exact, or `<5` in the organisation's figures when fewer than five (zero included). */
type Count = number | string;

interface Timeliness {
  onTime: Count;
  overdue: Count;
  /** Null when nothing was due, or (organisation-wide) when it would be computed over fewer than five cases. */
  shareOnTime: number | null;
  medianDays: number | null;
}

interface MetricsWire {
  /** `own`: the cases this handler may open; `organisation`: whole ended months of everyone's. */
  scope: 'own' | 'organisation';
  threshold: number | null;
  period: { from: string; to: string };
  received: Count;
  reportsByMonth: { month: string; reports: Count }[];
  reportsByCategory: { categoryId: string | null; label: string | null; reports: Count }[];
  acknowledgement: Timeliness & { acknowledged: Count };
  feedback: Timeliness & { given: Count };
  outcomes: { outcome: string; cases: Count }[];
  substantiatedShare: number | null;
  /** Cases flagged as holding special-category or criminal-offence data (R34). */
  specialData: Count;
}

/** A suppressed count draws no bar: its length would tell what its text hides. */
const barValue = (c: Count) => (typeof c === 'number' ? c : 0);

interface Bar {
  key: string;
  label: string;
  value: number;
  /** What the bar says in text (the number, or a share). */
  text: string;
}

/**
 * A horizontal bar chart drawn as SVG. It is hidden from assistive technology:
 * the table that always follows it holds the same numbers, readable and sortable.
 */
function BarChart(props: { bars: Bar[]; max?: number }) {
  const max = props.max ?? Math.max(1, ...props.bars.map((b) => b.value));
  const row = 28;
  const labelWidth = 260;
  const barWidth = 420;
  return (
    <svg
      className="chart"
      aria-hidden="true"
      focusable="false"
      viewBox={`0 0 ${labelWidth + barWidth + 80} ${props.bars.length * row + 4}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
    >
      {props.bars.map((b, i) => {
        const w = max > 0 ? Math.round((b.value / max) * barWidth) : 0;
        const y = i * row + 2;
        return (
          <g key={b.key}>
            <text x={labelWidth - 8} y={y + row / 2 + 5} textAnchor="end" className="chart-label">
              {b.label.length > 32 ? `${b.label.slice(0, 31)}…` : b.label}
            </text>
            <rect x={labelWidth} y={y + 4} width={Math.max(w, b.value > 0 ? 2 : 0)} height={row - 8} className="chart-bar" />
            <text x={labelWidth + w + 6} y={y + row / 2 + 5} className="chart-value">
              {b.text}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function Figure(props: { id: string; title: string; bars: Bar[]; columns: [string, string]; max?: number; empty: string }) {
  return (
    <section className="panel" aria-labelledby={`${props.id}-heading`} data-testid={props.id}>
      <h2 id={`${props.id}-heading`}>{props.title}</h2>
      {props.bars.length === 0 ? (
        <p>{props.empty}</p>
      ) : (
        <>
          <BarChart bars={props.bars} max={props.max} />
          <table className="list numbers">
            <caption className="visually-hidden">{props.title}</caption>
            <thead>
              <tr>
                <th scope="col">{props.columns[0]}</th>
                <th scope="col">{props.columns[1]}</th>
              </tr>
            </thead>
            <tbody>
              {props.bars.map((b) => (
                <tr key={b.key}>
                  <th scope="row">{b.label}</th>
                  <td>{b.text}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/** A day as the date input writes it, for a Date. */
const day = (d: Date) => d.toISOString().slice(0, 10);

/** Channel metrics without personal data (R41): reports per month and category, time to acknowledgement and feedback, share on time, outcomes. */
export function Metrics(props: PageProps) {
  const { t, language } = useI18n();
  const { session } = props;
  const [form, setForm] = useState(() => ({ from: day(new Date(Date.now() - 365 * 86_400_000)), to: day(new Date()) }));
  const [period, setPeriod] = useState(form);
  const [data, setData] = useState<MetricsWire | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (p: { from: string; to: string }) => {
      setError(null);
      try {
        const to = new Date(Date.parse(`${p.to}T00:00:00Z`) + 86_400_000).toISOString();
        setData(await session.api.get<MetricsWire>('/api/metrics' + query({ from: new Date(`${p.from}T00:00:00Z`).toISOString(), to })));
      } catch (err) {
        setData(null);
        setError(err instanceof ApiError && err.code === 'period_not_ended' ? t('metrics.periodNotEnded') : t('metrics.error'));
      }
    },
    [session, t],
  );
  useEffect(() => {
    void load(period);
  }, [period, load]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    if (!form.from || !form.to || form.from > form.to) return setError(t('metrics.periodInvalid'));
    setPeriod({ ...form });
  };

  const locale = language === 'en' ? 'en-GB' : language;
  const monthName = (m: string) => new Date(`${m}-01T12:00:00Z`).toLocaleDateString(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const percent = (share: number | null) =>
    share === null ? '–' : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(share);
  const daysText = (d: number | null) =>
    d === null ? '–' : t('metrics.days', { days: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(d) });
  const count = (n: Count) => String(n);

  return (
    <StaffShell {...props} heading={t('metrics.title')} headingKey="metrics">
      <p>{t('metrics.intro')}</p>
      <form className="filters" onSubmit={apply} noValidate aria-label={t('metrics.period')}>
        <div className="field">
          <label htmlFor="metrics-from">{t('audit.from')}</label>
          <input id="metrics-from" type="date" value={form.from} onChange={(e) => setForm((f) => ({ ...f, from: e.target.value }))} />
        </div>
        <div className="field">
          <label htmlFor="metrics-to">{t('audit.to')}</label>
          <input id="metrics-to" type="date" value={form.to} onChange={(e) => setForm((f) => ({ ...f, to: e.target.value }))} />
        </div>
        <button type="submit">{t('metrics.show')}</button>
      </form>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {!data && !error && <p role="status">{t('common.loading')}</p>}
      {data && (
        <>
          <p data-testid="metrics-scope">{data.scope === 'own' ? t('metrics.scopeOwn') : t('metrics.scopeOrganisation', { threshold: data.threshold ?? 5 })}</p>
          <p data-testid="metrics-received">
            {t('metrics.received', {
              count: data.received,
              from: formatDate(data.period.from, language),
              // The period ends before `to`: its last day is the one before.
              to: formatDate(new Date(Date.parse(data.period.to) - 1).toISOString(), language),
            })}
          </p>
          <Figure
            id="metrics-months"
            title={t('metrics.byMonth')}
            columns={[t('metrics.month'), t('metrics.reports')]}
            empty={t('metrics.none')}
            bars={data.reportsByMonth.map((m) => ({ key: m.month, label: monthName(m.month), value: barValue(m.reports), text: count(m.reports) }))}
          />
          <Figure
            id="metrics-categories"
            title={t('metrics.byCategory')}
            columns={[t('metrics.category'), t('metrics.reports')]}
            empty={t('metrics.none')}
            bars={data.reportsByCategory.map((c) => ({
              key: c.categoryId ?? 'none',
              label: c.label ?? t('metrics.noCategory'),
              value: barValue(c.reports),
              text: count(c.reports),
            }))}
          />
          <Figure
            id="metrics-on-time"
            title={t('metrics.onTime')}
            columns={[t('metrics.deadline'), t('metrics.share')]}
            empty={t('metrics.none')}
            max={1}
            bars={[
              {
                key: 'ack',
                label: t('metrics.acknowledgement'),
                value: data.acknowledgement.shareOnTime ?? 0,
                text: percent(data.acknowledgement.shareOnTime),
              },
              { key: 'feedback', label: t('metrics.feedback'), value: data.feedback.shareOnTime ?? 0, text: percent(data.feedback.shareOnTime) },
            ]}
          />
          <section className="panel" aria-labelledby="metrics-timing-heading">
            <h2 id="metrics-timing-heading">{t('metrics.timing')}</h2>
            <table className="list numbers" data-testid="metrics-timing">
              <caption className="visually-hidden">{t('metrics.timing')}</caption>
              <thead>
                <tr>
                  <td />
                  <th scope="col">{t('metrics.acknowledgement')}</th>
                  <th scope="col">{t('metrics.feedback')}</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">{t('metrics.done')}</th>
                  <td>{data.acknowledgement.acknowledged}</td>
                  <td>{data.feedback.given}</td>
                </tr>
                <tr>
                  <th scope="row">{t('metrics.doneOnTime')}</th>
                  <td>{data.acknowledgement.onTime}</td>
                  <td>{data.feedback.onTime}</td>
                </tr>
                <tr>
                  <th scope="row">{t('metrics.share')}</th>
                  <td>{percent(data.acknowledgement.shareOnTime)}</td>
                  <td>{percent(data.feedback.shareOnTime)}</td>
                </tr>
                <tr>
                  <th scope="row">{t('metrics.overdue')}</th>
                  <td>{data.acknowledgement.overdue}</td>
                  <td>{data.feedback.overdue}</td>
                </tr>
                <tr>
                  <th scope="row">{t('metrics.median')}</th>
                  <td>{daysText(data.acknowledgement.medianDays)}</td>
                  <td>{daysText(data.feedback.medianDays)}</td>
                </tr>
              </tbody>
            </table>
            {data.scope === 'organisation' && <p className="hint">{t('metrics.suppressedNote', { threshold: data.threshold ?? 5 })}</p>}
          </section>
          <Figure
            id="metrics-outcomes"
            title={t('metrics.outcomes')}
            columns={[t('workflow.outcome'), t('metrics.cases')]}
            empty={t('metrics.noOutcomes')}
            bars={data.outcomes.map((o) => ({ key: o.outcome, label: t(`outcome.${o.outcome}`), value: barValue(o.cases), text: count(o.cases) }))}
          />
          {data.substantiatedShare !== null && <p>{t('metrics.substantiated', { share: percent(data.substantiatedShare) })}</p>}
          <p data-testid="metrics-special-data">{t('metrics.specialData', { count: count(data.specialData) })}</p>
        </>
      )}
    </StaffShell>
  );
}
