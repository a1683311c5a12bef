import { FormEvent, ReactNode, useState } from 'react';
import { useI18n } from '../../shared/i18n';
import { StatusLine } from '../../shared/status-line';
import type { PageProps } from '../page-props';
import type { CaseViewWire } from '../case-client';
import { formatDate } from '../layout';
import { actionError } from './CasePage';

const PRIORITIES = ['low', 'normal', 'high', 'urgent'];
const RELEVANCE = ['in_scope', 'out_of_scope', 'unclear'];
const RISKS = ['low', 'medium', 'high'];
const OUTCOMES = ['substantiated', 'partly_substantiated', 'not_substantiated', 'referred', 'withdrawn'];
const DEFERRALS = ['jeopardises_investigation', 'protects_reporter', 'disproportionate_effort'];
const MEASURES = ['identity_access_restricted', 'work_arrangements_changed', 'retaliation_monitoring', 'support_referral', 'interim_measures', 'other'];

/** A follow-up is chosen as a day; it falls due at noon UTC of that day (R9: calendar days in UTC). */
const followUpInstant = (day: string) => `${day}T12:00:00.000Z`;
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

/** The case's course: acknowledgement, triage, investigation, conclusion, closure (and reopening), and informing the persons concerned. */
export function Workflow(props: PageProps & { view: CaseViewWire; reload: () => Promise<void> }) {
  const { t, language } = useI18n();
  const { session, view, reload } = props;
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [form, setForm] = useState({
    priority: 'normal',
    relevance: 'in_scope',
    retaliationRisk: 'low',
    outcome: 'substantiated',
    feedback: false,
    deferral: '',
    atRisk: '',
    followUp: '',
  });
  const [measures, setMeasures] = useState<string[]>([]);
  const set = (name: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [name]: e.target.value }));

  const act = async (path: string, body: unknown, done: string) => {
    setStatus(null);
    try {
      await session.api.post(`/api/staff/cases/${view.id}/${path}`, body);
      await reload();
      setStatus({ ok: true, text: done });
    } catch (err) {
      setStatus({ ok: false, text: actionError(t, err) });
    }
  };
  const onSubmit = (fn: () => Promise<void>) => (e: FormEvent) => {
    e.preventDefault();
    void fn();
  };
  const select = (name: keyof typeof form, label: string, values: string[], prefix: string) => (
    <div className="field">
      <label htmlFor={`wf-${name}`}>{label}</label>
      <select id={`wf-${name}`} value={String(form[name])} onChange={set(name)}>
        {values.map((v) => (
          <option key={v} value={v}>
            {t(`${prefix}.${v}`)}
          </option>
        ))}
      </select>
    </div>
  );

  let step: ReactNode = null;
  if (view.status === 'received') {
    step = (
      <form
        aria-label={t('workflow.triage')}
        onSubmit={onSubmit(() =>
          act(
            'status',
            { status: 'triaged', triage: { priority: form.priority, relevance: form.relevance, retaliationRisk: form.retaliationRisk } },
            t('workflow.triaged'),
          ),
        )}
      >
        <h3>{t('workflow.triage')}</h3>
        {select('priority', t('workflow.priority'), PRIORITIES, 'priority')}
        {select('relevance', t('workflow.relevance'), RELEVANCE, 'relevance')}
        {select('retaliationRisk', t('workflow.risk'), RISKS, 'risk')}
        <button type="submit">{t('workflow.saveTriage')}</button>
      </form>
    );
  } else if (view.status === 'triaged') {
    step = (
      <button type="button" onClick={() => void act('status', { status: 'investigating' }, t('workflow.investigating'))}>
        {t('workflow.investigate')}
      </button>
    );
  } else if (view.status === 'investigating') {
    step = (
      <form
        aria-label={t('workflow.conclude')}
        onSubmit={onSubmit(() => act('status', { status: 'concluded', conclusion: { outcome: form.outcome } }, t('workflow.concluded')))}
      >
        <h3>{t('workflow.conclude')}</h3>
        {select('outcome', t('workflow.outcome'), OUTCOMES, 'outcome')}
        <button type="submit">{t('workflow.saveConclusion')}</button>
      </form>
    );
  } else if (view.status === 'concluded') {
    step = (
      <form
        aria-label={t('workflow.close')}
        onSubmit={onSubmit(async () => {
          if (!form.feedback) return setStatus({ ok: false, text: t('workflow.feedbackRequired') });
          if (!form.atRisk) return setStatus({ ok: false, text: t('workflow.atRiskRequired') });
          const closure = {
            feedbackGiven: true,
            reporterAtRisk: form.atRisk === 'yes',
            measures,
            ...(form.followUp ? { followUpAt: followUpInstant(form.followUp) } : {}),
          };
          await act('status', { status: 'closed', closure }, t('workflow.closed'));
        })}
      >
        <h3>{t('workflow.close')}</h3>
        <div className="choice">
          <input id="wf-feedback" type="checkbox" checked={form.feedback} onChange={(e) => setForm((f) => ({ ...f, feedback: e.target.checked }))} />
          <label htmlFor="wf-feedback">{t('workflow.feedbackGiven')}</label>
        </div>
        <fieldset>
          <legend>{t('workflow.atRisk')}</legend>
          {['yes', 'no'].map((v) => (
            <div className="choice" key={v}>
              <input id={`wf-risk-${v}`} type="radio" name="wf-at-risk" value={v} checked={form.atRisk === v} onChange={set('atRisk')} />
              <label htmlFor={`wf-risk-${v}`}>{t(`workflow.atRisk.${v}`)}</label>
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('workflow.measures')}</legend>
          {MEASURES.map((m) => (
            <div className="choice" key={m}>
              <input
                id={`wf-measure-${m}`}
                type="checkbox"
                checked={measures.includes(m)}
                onChange={(e) => setMeasures((list) => (e.target.checked ? [...list, m] : list.filter((x) => x !== m)))}
              />
              <label htmlFor={`wf-measure-${m}`}>{t(`measure.${m}`)}</label>
            </div>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="wf-follow-up">{t('workflow.followUp')}</label>
          <input id="wf-follow-up" type="date" min={tomorrow()} value={form.followUp} onChange={set('followUp')} aria-describedby="wf-follow-up-hint" />
          <p className="hint" id="wf-follow-up-hint">
            {t('workflow.followUpHint')}
          </p>
        </div>
        <button type="submit">{t('workflow.closeCase')}</button>
      </form>
    );
  } else if (view.status === 'closed') {
    step = (
      <button type="button" onClick={() => void act('status', { status: 'investigating' }, t('workflow.reopened'))}>
        {t('workflow.reopen')}
      </button>
    );
  }

  const subject = view.subjectInformed;
  const closure = view.closure;
  return (
    <section className="panel" aria-labelledby="workflow-heading">
      <h2 id="workflow-heading">{t('workflow.title')}</h2>
      {view.triage && (
        <p>
          {t('workflow.triageSummary', {
            priority: t(`priority.${view.triage.priority}`),
            relevance: t(`relevance.${view.triage.relevance}`),
            risk: t(`risk.${view.triage.retaliationRisk}`),
          })}
        </p>
      )}
      {view.outcome && <p>{t('workflow.outcomeSummary', { outcome: t(`outcome.${view.outcome}`) })}</p>}
      {view.anonymous && <p className="hint">{t('workflow.anonymousDeadlines')}</p>}
      {closure && (
        <div data-testid="closure">
          <p>{closure.reporterAtRisk ? t('workflow.closureAtRisk') : t('workflow.closureNotAtRisk')}</p>
          <p>
            {closure.measures.length
              ? t('workflow.closureMeasures', { measures: closure.measures.map((m) => t(`measure.${m}`)).join('; ') })
              : t('workflow.closureNoMeasures')}
          </p>
          {closure.followUpAt && (
            <p>
              {closure.followUpDoneAt
                ? t('workflow.followUpDoneOn', { date: formatDate(closure.followUpDoneAt, language) })
                : t('workflow.followUpDue', { date: formatDate(closure.followUpAt, language) })}
            </p>
          )}
          {closure.followUpAt && !closure.followUpDoneAt && (
            <div className="actions">
              <button type="button" onClick={() => void act('follow-up-done', {}, t('workflow.followUpRecorded'))}>
                {t('workflow.followUpDone')}
              </button>
            </div>
          )}
        </div>
      )}
      {!view.acknowledgedAt && (
        <div className="actions">
          <button type="button" onClick={() => void act('acknowledge', {}, t('workflow.acknowledged'))}>
            {t('workflow.acknowledge')}
          </button>
        </div>
      )}
      <div className="actions">{step}</div>
      {!subject.informedAt && !subject.deferral && view.status !== 'closed' && (
        <form
          aria-label={t('workflow.subject')}
          onSubmit={onSubmit(() => act('subject-informed', form.deferral ? { deferral: form.deferral } : { informed: true }, t('workflow.subjectSaved')))}
        >
          <h3>{t('workflow.subject')}</h3>
          <div className="field">
            <label htmlFor="wf-deferral">{t('workflow.subjectHow')}</label>
            <select id="wf-deferral" value={form.deferral} onChange={set('deferral')}>
              <option value="">{t('workflow.subjectInformed')}</option>
              {DEFERRALS.map((d) => (
                <option key={d} value={d}>
                  {t(`deferral.${d}`)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">{t('workflow.subjectSave')}</button>
        </form>
      )}
      {subject.informedAt && <p>{t('workflow.subjectDone', { date: formatDate(subject.informedAt, language) })}</p>}
      {subject.deferral && <p>{t('workflow.subjectDeferred', { ground: t(`deferral.${subject.deferral}`) })}</p>}
      <StatusLine status={status} />
    </section>
  );
}
