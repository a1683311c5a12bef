import { FormEvent, useEffect, useId, useState } from 'react';
import type { TranscriptSource } from '@kanava/crypto';
import { useI18n } from '../../shared/i18n';
import type { PageProps } from '../page-props';
import { listAttachments, OpenedAttachment } from '../attachments';
import type { OpenedCase } from '../case-client';
import { formatDate } from '../layout';
import { OpenedTranscript, sealTranscript } from '../transcripts';
import { StatusLine, useAction } from './confirm';

const SOURCES: TranscriptSource[] = ['voice-message', 'meeting', 'phone-call'];

/**
 * Transcripts of voice messages and minutes of meetings and calls (R29): written here,
 * encrypted and signed in this browser, sent to the reporter to check, correct and
 * approve. Each shows whether the reporter approved it, with the reporter's signature
 * checked here against this very text.
 */
export function Transcripts(props: PageProps & { opened: OpenedCase; transcripts: OpenedTranscript[]; readOnly: boolean; reload: () => Promise<void> }) {
  const { t, language } = useI18n();
  const ids = useId();
  const { session, opened, readOnly, transcripts } = props;
  const [source, setSource] = useState<TranscriptSource>('meeting');
  const [recordingId, setRecordingId] = useState('');
  const [text, setText] = useState('');
  const [recordings, setRecordings] = useState<OpenedAttachment[]>([]);
  const action = useAction();
  const shared = opened.keys.shared;

  useEffect(() => {
    if (!shared) return;
    // Voice messages to transcribe: the case's sound files, named as the reporter named them.
    listAttachments(session, opened.view, shared, opened.directory).then(
      (list) => setRecordings(list.filter((a) => a.complete && a.opened?.type.startsWith('audio/'))),
      () => setRecordings([]),
    );
  }, [session, opened, shared]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return action.fail(t('transcripts.empty'));
    if (source === 'voice-message' && !recordingId) return action.fail(t('transcripts.recordingRequired'));
    void action
      .run(async () => {
        const recording = source === 'voice-message' ? recordingId : '';
        const item = sealTranscript(session, opened, { text, source, recordingId: recording });
        // Named in the clear too, so the server can destroy a transcript-only recording once this is approved (R28).
        await session.api.post(`/api/staff/cases/${opened.view.id}/transcripts`, recording ? { ...item, recordingId: recording } : item);
        await props.reload();
      }, t('transcripts.sent'))
      .then((ok) => ok && setText(''));
  };

  return (
    <section className="panel" aria-labelledby={`${ids}-heading`}>
      <h2 id={`${ids}-heading`}>{t('transcripts.title')}</h2>
      <p className="hint">{t('transcripts.hint')}</p>
      {transcripts.length === 0 ? (
        <p>{t('transcripts.none')}</p>
      ) : (
        <ol className="items" data-testid="transcripts">
          {transcripts.map((tr) => (
            <li key={tr.itemId} data-testid="transcript">
              <p className="meta">
                {tr.source ? t(`transcripts.source.${tr.source}`) : t('case.unreadable')} · {formatDate(tr.createdAt, language, true)}
                {tr.author ? ` · ${tr.author}` : ''}
              </p>
              <p
                className={`badge ${tr.status.state === 'approved' ? 'signed' : tr.status.state === 'unverified' ? 'unverified' : ''}`}
                data-testid="transcript-status"
              >
                {tr.status.state === 'approved' || tr.status.state === 'corrections'
                  ? t(`transcripts.status.${tr.status.state}`, { date: formatDate(tr.status.at, language, true) })
                  : t(`transcripts.status.${tr.status.state}`)}
              </p>
              {tr.text !== null ? <p className="pre">{tr.text}</p> : <p className="error-text">{t('case.unreadable')}</p>}
            </li>
          ))}
        </ol>
      )}
      {!readOnly && shared && (
        <form onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor={`${ids}-source`}>{t('transcripts.sourceLabel')}</label>
            <select id={`${ids}-source`} value={source} onChange={(e) => setSource(e.target.value as TranscriptSource)}>
              {SOURCES.map((s) => (
                <option key={s} value={s}>
                  {t(`transcripts.source.${s}`)}
                </option>
              ))}
            </select>
          </div>
          {source === 'voice-message' && (
            <div className="field">
              <label htmlFor={`${ids}-recording`}>{t('transcripts.recording')}</label>
              <select id={`${ids}-recording`} value={recordingId} onChange={(e) => setRecordingId(e.target.value)}>
                <option value="">{recordings.length ? t('transcripts.chooseRecording') : t('transcripts.noRecordings')}</option>
                {recordings.map((r) => (
                  <option key={r.attachmentId} value={r.attachmentId}>
                    {r.opened?.name} · {formatDate(r.createdAt, language, true)}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div className="field">
            <label htmlFor={`${ids}-text`}>{t('transcripts.text')}</label>
            <textarea id={`${ids}-text`} rows={6} value={text} onChange={(e) => setText(e.target.value)} />
          </div>
          <StatusLine status={action.status} />
          <div className="actions">
            <button type="submit" className="primary" disabled={action.busy}>
              {t('transcripts.send')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
