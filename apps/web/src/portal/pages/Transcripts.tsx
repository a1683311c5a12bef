import { FormEvent, useId, useState } from 'react';
import type { TranscriptSource } from '@kanava/crypto';
import { useI18n } from '../../shared/i18n';
import { CaseSession, reviewTranscript, sendMessage, TranscriptView } from '../reporter-client';
import { SignedBadge } from './SignedBadge';
import { useCaseAction } from '../case-action';
import { StatusLine } from '../../shared/status-line';

/**
 * Transcripts of the reporter's voice messages and minutes of meetings or calls (R29):
 * the reporter reads each, and approves it or sends corrections. Either answer is
 * signed with the key from the case secret over this very text, so nobody can count it
 * for another version.
 */
export function Transcripts(props: { session: CaseSession; transcripts: TranscriptView[]; reload: () => Promise<void> }) {
  const { t } = useI18n();
  const ids = useId();
  if (props.transcripts.length === 0) return null;
  return (
    <section aria-labelledby={`${ids}-heading`}>
      <h2 id={`${ids}-heading`}>{t('transcript.title')}</h2>
      <p className="hint">{t('transcript.lead')}</p>
      <ol className="messages">
        {props.transcripts.map((tr) => (
          <TranscriptEntry key={tr.itemId} {...props} transcript={tr} />
        ))}
      </ol>
    </section>
  );
}

function TranscriptEntry(props: { session: CaseSession; transcript: TranscriptView; reload: () => Promise<void> }) {
  const { t, language } = useI18n();
  const ids = useId();
  const tr = props.transcript;
  const [step, setStep] = useState<'idle' | 'approving' | 'correcting'>('idle');
  const [corrections, setCorrections] = useState('');
  const { busy, notice, setNotice, run: runAction } = useCaseAction(props.reload);
  const date = (iso: string) => new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso));

  // A review that went through closes the form it came from.
  const run = (work: () => Promise<void>, done: string) =>
    runAction(async () => {
      await work();
      setStep('idle');
    }, done);
  const approve = () => run(() => reviewTranscript(props.session, tr, 'approved'), t('transcript.approvedNow'));
  const sendCorrections = (e: FormEvent) => {
    e.preventDefault();
    if (!corrections.trim()) return setNotice({ ok: false, text: t('transcript.correctionsEmpty') });
    return run(async () => {
      await reviewTranscript(props.session, tr, 'corrections-proposed');
      await sendMessage(props.session, corrections);
      setCorrections('');
    }, t('transcript.correctionsSent'));
  };

  return (
    <li className="from-handler" data-testid="portal-transcript">
      <p className="meta">
        {sourceLabel(t, tr.source)} · {date(tr.createdAt)}
      </p>
      <SignedBadge verified={tr.verified} />
      <p className="pre">{tr.text}</p>
      {tr.review ? (
        <p data-testid="portal-transcript-status">
          {!tr.review.verified
            ? t('transcript.reviewNotYours')
            : tr.review.decision === 'approved'
              ? t('transcript.approvedOn', { date: date(tr.review.at) })
              : t('transcript.correctionsOn', { date: date(tr.review.at) })}
        </p>
      ) : step === 'approving' ? (
        <div role="group" aria-labelledby={`${ids}-confirm`}>
          <p id={`${ids}-confirm`}>{t('transcript.confirmApprove')}</p>
          <div className="actions">
            <button type="button" className="primary" disabled={busy} onClick={() => void approve()}>
              {t('transcript.approveYes')}
            </button>
            <button type="button" onClick={() => setStep('idle')}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      ) : step === 'correcting' ? (
        <form onSubmit={(e) => void sendCorrections(e)} noValidate>
          <div className="field">
            <label htmlFor={`${ids}-corrections`}>{t('transcript.corrections')}</label>
            <textarea id={`${ids}-corrections`} rows={4} maxLength={100000} value={corrections} onChange={(e) => setCorrections(e.target.value)} />
          </div>
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {t('transcript.sendCorrections')}
            </button>
            <button type="button" onClick={() => setStep('idle')}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <div className="actions">
          <button type="button" className="primary" onClick={() => setStep('approving')}>
            {t('transcript.approve')}
          </button>
          <button type="button" onClick={() => setStep('correcting')}>
            {t('transcript.propose')}
          </button>
        </div>
      )}
      <StatusLine status={notice} />
    </li>
  );
}

function sourceLabel(t: (key: string) => string, source: TranscriptSource): string {
  switch (source) {
    case 'voice-message':
      return t('transcript.sourceVoice');
    case 'meeting':
      return t('transcript.sourceMeeting');
    case 'phone-call':
      return t('transcript.sourceCall');
  }
}
