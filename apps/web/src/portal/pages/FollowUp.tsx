import { FormEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import { isCryptoError } from '@kanava/crypto';
import { ApiError } from '../../shared/api';
import { downloadFile } from '../../shared/download';
import { useI18n } from '../../shared/i18n';
import { Shell } from '../../shared/layout';
import {
  CaseSession,
  CaseView,
  deriveKeys,
  downloadAttachment,
  giveVoiceConsent,
  openCase,
  Organisation,
  sendMessage,
  uploadAttachment,
} from '../reporter-client';
import { IdentitySection } from './IdentityLater';
import { normaliseFingerprint } from '../org-trust';
import { OrgFingerprint, usePortalTrust } from '../trust-context';
import { Redacted } from './Redacted';
import { Transcripts } from './Transcripts';
import { SignedBadge } from './SignedBadge';
import { Meetings } from './Meetings';
import { answerText } from '../../shared/questionnaire';
import { isNetworkFailure, NetworkProblem } from '../notices';
import { ChosenFile, FileChooser, FileNotes } from './ReportForm';
import { DisguisedVoice, VoiceRecorder } from '../voice';
import { VoiceConsentField } from '../voice-consent';
import type { VoiceConsentChoice } from '@kanava/crypto';

const DAY = 24 * 60 * 60 * 1000;

/** Follow-up: the case secret opens the case; the keys stay in memory until the page is left. */
export function FollowUp(props: { org: Organisation; session: CaseSession | null; onClose: () => void }) {
  const { t } = useI18n();
  const [session, setSession] = useState<CaseSession | null>(props.session);
  const [view, setView] = useState<CaseView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [offline, setOffline] = useState<CaseSession | null>(null);

  const load = useCallback(
    async (s: CaseSession) => {
      setOffline(null);
      try {
        const opened = await openCase(s.reporter);
        setSession(opened.session);
        setView(opened.view);
      } catch (err) {
        if (isNetworkFailure(err)) setOffline(s);
        else setError(t('error.openCase'));
      }
    },
    [t],
  );
  useEffect(() => {
    if (props.session) void load(props.session);
  }, [props.session, load]);

  if (!session) return <SecretEntry org={props.org} onOpened={(s, v) => (setSession(s), setView(v))} onCancel={props.onClose} />;
  if (!view) {
    return (
      <Shell title={props.org.name} heading={t('case.title')} headingKey="case-loading">
        {offline ? <NetworkProblem onRetry={() => void load(offline)} /> : error ? <p role="alert">{error}</p> : <p role="status">{t('common.loading')}</p>}
      </Shell>
    );
  }
  return <CasePage org={props.org} session={session} view={view} reload={() => load(session)} onClose={props.onClose} />;
}

function SecretEntry(props: { org: Organisation; onOpened: (s: CaseSession, v: CaseView) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const ids = useId();
  const { pinned, setPinned } = usePortalTrust();
  const [secret, setSecret] = useState('');
  // The security code the reporter kept with the case secret: compared with the organisation's current one once the case opens.
  const [code, setCode] = useState(pinned ?? '');
  const [codeError, setCodeError] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [offline, setOffline] = useState(false);
  const offlineBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (offline) offlineBox.current?.focus();
  }, [offline]);
  const [busy, setBusy] = useState(false);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    setError(null);
    setOffline(false);
    const typed = code.trim() ? normaliseFingerprint(code) : null;
    setCodeError(!!code.trim() && !typed);
    if (code.trim() && !typed) return;
    if (typed) setPinned(typed);
    setBusy(true);
    // Let the page show that it is working before the key derivation holds it.
    await new Promise((resolve) => setTimeout(resolve, 20));
    let reporter;
    try {
      reporter = deriveKeys(secret, props.org);
    } catch (err) {
      setBusy(false);
      // Only a malformed secret throws here (wrong length or symbols); say how one looks.
      if (!isCryptoError(err)) throw err;
      return setError(t('followUp.malformed'));
    }
    try {
      const opened = await openCase(reporter);
      setSecret('');
      props.onOpened(opened.session, opened.view);
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.status === 401) setError(t('followUp.unknown'));
      else if (err instanceof ApiError && err.status === 429) setError(t('error.busy'));
      else if (isNetworkFailure(err)) setOffline(true);
      else setError(t('error.openCase'));
    }
  };

  return (
    <Shell title={props.org.name} heading={t('followUp.title')} headingKey="follow-up">
      <p>{t('followUp.lead')}</p>
      {offline && <NetworkProblem onRetry={() => void submit()} box={offlineBox} />}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor={`${ids}-secret`}>{t('followUp.secret')}</label>
          <p className="hint" id={`${ids}-hint`}>
            {t('followUp.secretHint')}
          </p>
          <input
            id={`${ids}-secret`}
            className="mono"
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            aria-describedby={`${ids}-hint${error ? ` ${ids}-error` : ''}`}
            aria-invalid={error ? true : undefined}
          />
        </div>
        {error && (
          <p id={`${ids}-error`} className="error-text" role="alert">
            {error}
          </p>
        )}
        <div className="field">
          <label htmlFor={`${ids}-code`}>{t('followUp.code')}</label>
          <p className="hint" id={`${ids}-code-hint`}>
            {t('followUp.codeHint')}
          </p>
          <input
            id={`${ids}-code`}
            className="mono"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            aria-describedby={`${ids}-code-hint${codeError ? ` ${ids}-code-error` : ''}`}
            aria-invalid={codeError ? true : undefined}
          />
          {codeError && (
            <p id={`${ids}-code-error`} className="error-text" role="alert">
              {t('followUp.codeMalformed')}
            </p>
          )}
        </div>
        {busy && <p role="status">{t('followUp.opening')}</p>}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t('followUp.open')}
          </button>
          <button type="button" onClick={props.onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Shell>
  );
}

function CasePage(props: { org: Organisation; session: CaseSession; view: CaseView; reload: () => Promise<void>; onClose: () => void }) {
  const { t, language } = useI18n();
  const ids = useId();
  const { view, session } = props;
  const [reply, setReply] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [offline, setOffline] = useState(false);
  const offlineBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (offline) offlineBox.current?.focus();
  }, [offline]);
  const [files, setFiles] = useState<ChosenFile[]>([]);
  const [progress, setProgress] = useState<{ name: string; share: number } | null>(null);
  const [voice, setVoice] = useState<DisguisedVoice | null>(null);
  const [voiceRound, setVoiceRound] = useState(0);
  const [voiceNotice, setVoiceNotice] = useState<string | null>(null);
  const [voiceChoice, setVoiceChoice] = useState<VoiceConsentChoice>('transcript-only');
  // The case answer names no channel (API.md), so voice is offered when the organisation offers it on a channel.
  const voiceOffered = props.org.channels.some((c) => c.voiceEnabled === true);
  const date = (iso: string) => new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso));

  const acknowledgeBy = new Date(Date.parse(view.receivedAt) + 7 * DAY).toISOString();

  const send = async (e?: FormEvent) => {
    e?.preventDefault();
    setOffline(false);
    if (!reply.trim()) return setNotice(t('case.replyEmpty'));
    try {
      await sendMessage(session, reply);
      setReply('');
      setNotice(t('case.replySent'));
      await props.reload();
    } catch (err) {
      if (isNetworkFailure(err)) {
        setNotice(null);
        return setOffline(true);
      }
      setNotice(t('error.submit'));
    }
  };

  const upload = async () => {
    let failed = 0;
    for (const f of files) {
      setProgress({ name: f.name, share: 0 });
      try {
        await uploadAttachment(session, f, (share) => setProgress({ name: f.name, share }));
      } catch {
        failed++;
      }
    }
    setProgress(null);
    setFiles([]);
    setNotice(failed ? t('case.filesFailed', { n: failed }) : t('case.filesSent'));
    await props.reload();
  };

  const sendVoice = async () => {
    if (!voice) return;
    setVoiceNotice(null);
    setProgress({ name: voice.name, share: 0 });
    try {
      const attachmentId = await uploadAttachment(session, voice, (share) => setProgress({ name: voice.name, share }));
      await giveVoiceConsent(session, attachmentId, voiceChoice);
      setVoice(null);
      setVoiceRound((n) => n + 1);
      setVoiceNotice(t('voice.sent'));
    } catch {
      setVoiceNotice(t('voice.failed'));
    }
    setProgress(null);
    await props.reload();
  };

  return (
    <Shell title={props.org.name} heading={t('case.title')} headingKey="case">
      <p>{t('case.reference', { reference: view.reference })}</p>
      <OrgFingerprint id={`${ids}-fingerprint`} />
      <section aria-labelledby={`${ids}-status`}>
        <h2 id={`${ids}-status`}>{t('case.statusTitle')}</h2>
        <p data-testid="case-status">{t(`status.${view.status}`)}</p>
        <ul>
          <li>{t('case.received', { date: date(view.receivedAt) })}</li>
          <li>{view.acknowledgedAt ? t('case.acknowledged', { date: date(view.acknowledgedAt) }) : t('case.acknowledgeBy', { date: date(acknowledgeBy) })}</li>
          {view.feedbackDueAt && !view.closedAt && <li>{t('case.feedbackBy', { date: date(view.feedbackDueAt) })}</li>}
          {view.closedAt && <li>{t('case.closed', { date: date(view.closedAt) })}</li>}
        </ul>
      </section>

      <section aria-labelledby={`${ids}-report`}>
        <h2 id={`${ids}-report`}>{t('case.report')}</h2>
        {view.report ? (
          <>
            <h3>{view.report.title}</h3>
            <p className="pre">{view.report.body}</p>
          </>
        ) : (
          <>
            <p>{t('redaction.reportExplain')}</p>
            <Redacted redaction={view.reportRedaction!} fields={['title', 'body']} testId="report-redacted" />
          </>
        )}
        {(view.subjects.length > 0 || view.subjectRedactions.length > 0) && (
          <>
            <h3>{t('report.people')}</h3>
            <ul>
              {view.subjects.map((s, i) => (
                <li key={i}>
                  {[s.name, s.role].filter(Boolean).join(', ')}
                  {s.details && <span className="pre"> – {s.details}</span>}
                </li>
              ))}
              {view.subjectRedactions.map((r, i) => (
                <li key={`redacted-${i}`}>
                  <Redacted redaction={r} fields={['name', 'role', 'details']} />
                </li>
              ))}
            </ul>
          </>
        )}
        {view.answers.length > 0 && (
          <>
            <h3>{t('questions.title')}</h3>
            <dl className="answers" data-testid="answers">
              {view.answers.map((a) => (
                <div key={a.questionId}>
                  <dt>{a.question}</dt>
                  <dd className="pre">{answerText(a, { yes: t('questions.yes'), no: t('questions.no') }, language)}</dd>
                </div>
              ))}
            </dl>
          </>
        )}
        {view.identity ? <p>{t('case.identityGiven', { name: view.identity.name })}</p> : !view.hasIdentity && <p>{t('case.anonymous')}</p>}
      </section>

      <Transcripts session={session} transcripts={view.transcripts} reload={props.reload} />

      <section aria-labelledby={`${ids}-conversation`}>
        <h2 id={`${ids}-conversation`}>{t('case.conversation')}</h2>
        <p className="hint">{t('case.signedExplain')}</p>
        {view.messages.length === 0 ? (
          <p>{t('case.noMessages')}</p>
        ) : (
          <ol className="messages">
            {view.messages.map((m) => (
              <li key={m.itemId} className={m.from === 'handler' ? 'from-handler' : 'from-reporter'}>
                <p className="meta">
                  {m.from === 'handler' ? t('case.fromHandler') : t('case.fromYou')} · {date(m.createdAt)}
                </p>
                {m.redaction ? <Redacted redaction={m.redaction} fields={['text']} /> : m.from === 'handler' && <SignedBadge verified={m.verified} />}
                {!m.redaction && <p className="pre">{m.text}</p>}
              </li>
            ))}
          </ol>
        )}
        <form onSubmit={(e) => void send(e)} noValidate>
          <div className="field">
            <label htmlFor={`${ids}-reply`}>{t('case.reply')}</label>
            <textarea id={`${ids}-reply`} rows={5} maxLength={100000} value={reply} onChange={(e) => setReply(e.target.value)} />
          </div>
          <button type="submit" className="primary">
            {t('case.send')}
          </button>
        </form>
        <p role="status">{notice}</p>
        {offline && <NetworkProblem onRetry={() => void send()} box={offlineBox} />}
      </section>

      <section aria-labelledby={`${ids}-files`}>
        <h2 id={`${ids}-files`}>{t('files.title')}</h2>
        {view.attachments.length > 0 ? (
          <ul className="files">
            {view.attachments.map((a) => (
              <li key={a.attachmentId}>
                {a.name} ({t('files.size', { kb: Math.ceil(a.size / 1024) })}) – {a.from === 'handler' ? t('case.fromHandler') : t('case.fromYou')}{' '}
                <button
                  type="button"
                  onClick={() =>
                    void downloadAttachment(session, a).then(
                      (bytes) => downloadFile(a.name, [bytes as BlobPart], 'application/octet-stream'),
                      () => setNotice(t('error.download')),
                    )
                  }
                >
                  {t('files.download', { name: a.name })}
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('files.none')}</p>
        )}
        <FileNotes />
        <FileChooser id={`${ids}-add`} setFiles={setFiles} />
        {files.length > 0 && (
          <>
            <ul className="files">
              {files.map((f, i) => (
                <li key={i}>
                  {f.name}
                  {f.cleaned && <span className="ok"> – {t('files.cleaned')}</span>}
                </li>
              ))}
            </ul>
            <button type="button" className="primary" disabled={progress !== null} onClick={() => void upload()}>
              {t('files.send')}
            </button>
          </>
        )}
        {progress && (
          <p>
            <label htmlFor={`${ids}-upload`}>{t('sending.file', { name: progress.name })}</label>{' '}
            <progress id={`${ids}-upload`} max={100} value={Math.round(progress.share * 100)} />
          </p>
        )}
      </section>

      {voiceOffered && (
        <section aria-labelledby={`${ids}-voice`}>
          <h2 id={`${ids}-voice`}>{t('voice.title')}</h2>
          <VoiceRecorder key={voiceRound} id={`${ids}-recorder`} value={voice} onChange={setVoice} disabled={progress !== null}>
            {voice && <VoiceConsentField value={voiceChoice} onChange={setVoiceChoice} />}
            <button type="button" className="primary" disabled={progress !== null} onClick={() => void sendVoice()}>
              {t('voice.send')}
            </button>
          </VoiceRecorder>
          <p role="status">{voiceNotice}</p>
        </section>
      )}

      <Meetings session={session} view={view} reload={props.reload} offered={props.org.channels.some((c) => c.meetingsEnabled !== false)} />

      <IdentitySection org={props.org} session={session} view={view} reload={props.reload} />

      <div className="actions">
        <button type="button" onClick={props.onClose}>
          {t('case.close')}
        </button>
      </div>
    </Shell>
  );
}
