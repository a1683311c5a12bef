import { FormEvent, ReactNode, useState } from 'react';
import { useI18n } from '../../shared/i18n';
import type { PageProps } from '../App';
import type { CaseViewWire } from '../case-client';
import { formatDate } from '../layout';
import { actionError } from './CasePage';

const PRIORITIES = ['low', 'normal', 'high', 'urgent'];
const RELEVANCE = ['in_scope', 'out_of_scope', 'unclear'];
const RISKS = ['low', 'medium', 'high'];
const OUTCOMES = ['substantiated', 'partly_substantiated', 'not_substantiated', 'referred', 'withdrawn'];
const DEFERRALS = ['jeopardises_investigation', 'protects_reporter', 'disproportionate_effort'];

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
  });
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
          await act('status', { status: 'closed', closure: { feedbackGiven: true } }, t('workflow.closed'));
        })}
      >
        <h3>{t('workflow.close')}</h3>
        <div className="choice">
          <input id="wf-feedback" type="checkbox" checked={form.feedback} onChange={(e) => setForm((f) => ({ ...f, feedback: e.target.checked }))} />
          <label htmlFor="wf-feedback">{t('workflow.feedbackGiven')}</label>
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
      {status && (
        <p className={status.ok ? 'ok' : 'error-text'} role={status.ok ? 'status' : 'alert'}>
          {status.text}
        </p>
      )}
    </section>
  );
}
