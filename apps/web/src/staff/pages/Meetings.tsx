import { FormEvent, useId, useState } from 'react';
import { useI18n } from '../../shared/i18n';
import type { PageProps } from '../page-props';
import type { CaseViewWire, WireMeeting } from '../case-client';
import { StatusLine, useAction } from './confirm';

const MAX_TIMES = 5;

/**
 * Meetings and calls with the reporter (R1): the reporter's requests, times offered in
 * answer (or proposed unasked), and the agreed time. The times are in the clear on the
 * server, which reminds the handler the day before; where to meet goes as a message.
 */
export function Meetings(props: PageProps & { view: CaseViewWire; readOnly: boolean; reload: () => Promise<void> }) {
  const { t, language } = useI18n();
  const ids = useId();
  const { session, view, readOnly } = props;
  const meetings = view.meetings ?? [];
  const open = meetings.find((m) => !m.agreedAt);
  const [kind, setKind] = useState<'meeting' | 'call'>(open?.kind ?? 'call');
  const [times, setTimes] = useState<string[]>(['']);
  const action = useAction();
  const when = (iso: string) => new Intl.DateTimeFormat(language, { dateStyle: 'full', timeStyle: 'short' }).format(new Date(iso));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const chosen = times.filter((x) => x.trim());
    if (chosen.length === 0) return action.fail(t('meetings.timesRequired'));
    // The inputs are in this browser's time zone; the server keeps UTC.
    const slots = chosen.map((x) => new Date(x).toISOString());
    void action
      .run(async () => {
        if (open) await session.api.post(`/api/staff/cases/${view.id}/meetings/${open.meetingId}/offer`, { kind, slots });
        else await session.api.post(`/api/staff/cases/${view.id}/meetings`, { kind, slots });
        await props.reload();
      }, t('meetings.offered'))
      .then((ok) => ok && setTimes(['']));
  };

  const describe = (m: WireMeeting) => {
    const what = m.kind === 'call' ? t('meetings.kind.call') : t('meetings.kind.meeting');
    if (m.agreedAt) return t('meetings.agreed', { what, when: when(m.agreedAt) });
    if (m.slots.length) return t('meetings.awaitingChoice', { what, times: m.slots.map(when).join('; ') });
    return t('meetings.requested', { what, date: when(m.requestedAt ?? '') });
  };

  return (
    <section className="panel" aria-labelledby={`${ids}-heading`}>
      <h2 id={`${ids}-heading`}>{t('meetings.title')}</h2>
      {meetings.length === 0 ? (
        <p>{t('meetings.none')}</p>
      ) : (
        <ul className="plain" data-testid="meetings">
          {meetings.map((m) => (
            <li key={m.meetingId}>{describe(m)}</li>
          ))}
        </ul>
      )}
      {!readOnly && (
        <form onSubmit={submit} noValidate aria-labelledby={`${ids}-form`}>
          <h3 id={`${ids}-form`}>{open ? t('meetings.offerTitle') : t('meetings.proposeTitle')}</h3>
          <div className="field">
            <label htmlFor={`${ids}-kind`}>{t('meetings.kindLabel')}</label>
            <select id={`${ids}-kind`} value={kind} onChange={(e) => setKind(e.target.value as 'meeting' | 'call')}>
              <option value="call">{t('meetings.kind.call')}</option>
              <option value="meeting">{t('meetings.kind.meeting')}</option>
            </select>
          </div>
          {kind === 'meeting' && <p className="warning">{t('meetings.anonymity')}</p>}
          {times.map((value, i) => (
            <div className="field" key={i}>
              <label htmlFor={`${ids}-time-${i}`}>{t('meetings.time', { n: String(i + 1) })}</label>
              <input
                id={`${ids}-time-${i}`}
                type="datetime-local"
                value={value}
                onChange={(e) => setTimes(times.map((x, j) => (j === i ? e.target.value : x)))}
              />
            </div>
          ))}
          <div className="actions">
            {times.length < MAX_TIMES && (
              <button type="button" onClick={() => setTimes([...times, ''])}>
                {t('meetings.addTime')}
              </button>
            )}
            <button type="submit" className="primary" disabled={action.busy}>
              {open ? t('meetings.offer') : t('meetings.propose')}
            </button>
          </div>
          <p className="hint">{t('meetings.hint')}</p>
          <StatusLine status={action.status} />
        </form>
      )}
    </section>
  );
}
