import { FormEvent, useId, useState } from 'react';
import { useI18n } from '../../shared/i18n';
import { useCaseAction } from '../case-action';
import { StatusLine } from '../../shared/status-line';
import { acceptMeeting, CaseSession, CaseView, requestMeeting, sendMessage, WireMeeting } from '../reporter-client';

/**
 * A meeting in person or a call with the organisation (R1): the reporter asks, with any
 * wishes as a message, and accepts one of the times offered. The page says plainly that
 * at a meeting in person the reporter is seen.
 */
export function Meetings(props: { session: CaseSession; view: CaseView; reload: () => Promise<void>; offered: boolean }) {
  const { t, language } = useI18n();
  const ids = useId();
  const meetings = props.view.meetings;
  const open = meetings.find((m) => !m.agreedAt);
  const [kind, setKind] = useState<'meeting' | 'call'>('call');
  const [wishes, setWishes] = useState('');
  const { busy, notice, run } = useCaseAction(props.reload);
  const when = (iso: string) => new Intl.DateTimeFormat(language, { dateStyle: 'full', timeStyle: 'short' }).format(new Date(iso));
  if (!props.offered && meetings.length === 0) return null;
  const what = (m: WireMeeting) => (m.kind === 'call' ? t('meeting.kindCall') : t('meeting.kindMeeting'));

  const ask = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await requestMeeting(props.session, kind);
      if (wishes.trim()) await sendMessage(props.session, wishes);
      setWishes('');
    }, t('meeting.asked'));
  };

  return (
    <section aria-labelledby={`${ids}-heading`}>
      <h2 id={`${ids}-heading`}>{t('meeting.title')}</h2>
      {meetings
        .filter((m) => m.agreedAt)
        .map((m) => (
          <p key={m.meetingId} data-testid="meeting-agreed">
            {t('meeting.agreed', { what: what(m), when: when(m.agreedAt!) })}
          </p>
        ))}
      {open && open.slots.length === 0 && <p data-testid="meeting-waiting">{t('meeting.waiting', { what: what(open) })}</p>}
      {open && open.slots.length > 0 && (
        <div role="group" aria-labelledby={`${ids}-times`}>
          <p id={`${ids}-times`}>{t('meeting.choose', { what: what(open) })}</p>
          {open.kind === 'meeting' && <p className="warning">{t('meeting.seen')}</p>}
          <ul className="plain">
            {open.slots.map((slot) => (
              <li key={slot}>
                <button type="button" disabled={busy} onClick={() => void run(() => acceptMeeting(props.session, open.meetingId, slot), t('meeting.accepted'))}>
                  {t('meeting.accept', { when: when(slot) })}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {!open && props.offered && (
        <form onSubmit={ask} noValidate>
          <p className="hint">{t('meeting.lead')}</p>
          <fieldset>
            <legend>{t('meeting.kindLegend')}</legend>
            <div className="choice">
              <input type="radio" id={`${ids}-call`} name={`${ids}-kind`} checked={kind === 'call'} onChange={() => setKind('call')} />
              <label htmlFor={`${ids}-call`}>{t('meeting.kindCall')}</label>
            </div>
            <div className="choice">
              <input type="radio" id={`${ids}-meeting`} name={`${ids}-kind`} checked={kind === 'meeting'} onChange={() => setKind('meeting')} />
              <label htmlFor={`${ids}-meeting`}>{t('meeting.kindMeeting')}</label>
            </div>
          </fieldset>
          {kind === 'meeting' && <p className="warning">{t('meeting.seen')}</p>}
          <div className="field">
            <label htmlFor={`${ids}-wishes`}>{t('meeting.wishes')}</label>
            <textarea id={`${ids}-wishes`} rows={3} maxLength={100000} value={wishes} onChange={(e) => setWishes(e.target.value)} />
          </div>
          <button type="submit" className="primary" disabled={busy}>
            {t('meeting.ask')}
          </button>
        </form>
      )}
      <StatusLine status={notice} />
    </section>
  );
}
