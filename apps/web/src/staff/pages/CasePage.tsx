import { FormEvent, ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { useI18n } from '../../shared/i18n';
import type { PageProps } from '../page-props';
import { CaseViewWire, OpenedCase, OpenedItem, openCase, SealRefused, sealItem } from '../case-client';
import { ensureInternalKey } from '../internal-key';
import { loadTrust } from '../trust';
import { DeadlineBadges } from '../deadlines';
import { formatDate, StaffShell } from '../layout';
import { ApiError } from '../staff-api';
import { Workflow } from './Workflow';
import { Retention } from './Retention';
import { Disclosure } from './Disclosure';
import { Assignments } from './Assignments';
import { Attachments } from './Attachments';
import { Experts } from './Experts';
import { Implicated } from './Implicated';
import { Redact, Redacted, RemoveIdentity, Subjects } from './Minimisation';
import { redactionOf, standsFor } from '../redactions';
import { StatusLine, useAction } from './confirm';
import { OrganisationTrustNotice } from './TrustNotices';
import { SpecialData } from './SpecialData';
import { Transcripts } from './Transcripts';
import { Meetings } from './Meetings';
import { Answers } from './Answers';
import { openTranscripts, pendingTranscripts } from '../transcripts';

/**
 * One case, opened in this browser: report, persons concerned, identity (when
 * granted), attachments, conversation, notes, workflow and retention. An expert
 * (time-limited, read-only access) sees the content and none of the actions.
 */
export function CasePage(props: PageProps & { caseId: string }) {
  const { t, language } = useI18n();
  const { session, caseId } = props;
  const [opened, setOpened] = useState<OpenedCase | null>(null);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [now] = useState(() => Date.now());
  const reportAction = useAction();
  const messageAction = useAction();

  const load = useCallback(async () => {
    try {
      const [view, directory] = await Promise.all([session.api.get<CaseViewWire>(`/api/staff/cases/${caseId}`), loadTrust(session)]);
      setOpened(openCase(session, view, directory));
    } catch (err) {
      // A missing and a forbidden case answer alike (404 or 403): nothing tells which.
      if (err instanceof ApiError && (err.status === 404 || err.status === 403)) setMissing(true);
      else setError(t('error.load'));
    }
  }, [session, caseId, t]);
  useEffect(() => {
    void load();
  }, [load]);

  if (missing) {
    return (
      <StaffShell {...props} heading={t('case.notFoundTitle')} headingKey="case-missing">
        <p data-testid="case-missing">{t('case.notFound')}</p>
      </StaffShell>
    );
  }
  if (!opened) {
    return (
      <StaffShell {...props} heading={t('case.loadingTitle')} headingKey="case-loading">
        {error ? <p role="alert">{error}</p> : <p role="status">{t('common.loading')}</p>}
      </StaffShell>
    );
  }
  const { view, items } = opened;
  // The report, or its redaction by a handler (its place, whatever is left of it).
  const report = items.find((i) => i.kind === 'report' && !redactionOf(i)) ?? items.find((i) => standsFor(i, 'report'));
  const subjects = items.filter((i) => standsFor(i, 'subject'));
  const identity = items.find((i) => i.kind === 'identity');
  const answers = items.find((i) => i.kind === 'answers');
  const messages = items.filter((i) => standsFor(i, 'message-reporter') || standsFor(i, 'message-handler'));
  const notes = items.filter((i) => i.kind === 'note');
  const str = (item: OpenedItem | undefined, field: string) => (item?.value ? String(item.value[field] ?? '') : '');
  // An expert's grant carries an expiry; the server lets them read and nothing else.
  const expertUntil = view.keyHolders.find((h) => h.userId === session.user.id)?.expiresAt ?? null;
  const readOnly = expertUntil !== null;
  // Each transcript's review signature is checked once per render, for the panel and the deadline line.
  const transcripts = openTranscripts(opened);
  const pending = pendingTranscripts(transcripts);

  return (
    <StaffShell {...props} heading={t('case.title', { reference: view.reference })} headingKey={`case-${view.id}`}>
      <OrganisationTrustNotice session={session} trust={opened.directory.organisation} onChange={load} />
      <dl className="facts">
        <dt>{t('case.channel')}</dt>
        <dd>
          {view.channelName}
          {view.categoryLabel ? ` · ${view.categoryLabel}` : ''}
        </dd>
        <dt>{t('case.status')}</dt>
        <dd data-testid="case-status">{t(`status.${view.status}`)}</dd>
        <dt>{t('case.received')}</dt>
        <dd>{formatDate(view.receivedAt, language, true)}</dd>
        {view.forwarded && (
          <>
            <dt>{t('case.forwarded')}</dt>
            <dd data-testid="case-forwarded">
              {t('case.forwardedHow', {
                via: t(`forwarded.via.${view.forwarded.via}`),
                name: (view.forwarded.registeredByUserId && opened.directory.name(view.forwarded.registeredByUserId)) || t('case.forwardedUnknown'),
              })}
            </dd>
            <dt>{t('forwarded.sha256')}</dt>
            <dd className="mono" data-testid="case-original-sha256">
              {view.forwarded.originalSha256}
            </dd>
          </>
        )}
        <dt>{t('case.deadlines')}</dt>
        <dd>
          <DeadlineBadges c={view} now={now} />
          {pending > 0 && (
            <p className="badge" data-testid="transcripts-pending">
              {t('transcripts.pending', { n: pending })}
            </p>
          )}
        </dd>
      </dl>
      {readOnly && (
        <p className="warning" data-testid="expert-read-only">
          {t('expert.readOnly', { date: formatDate(expertUntil, language) })}
        </p>
      )}
      <div className="columns">
        <div>
          <section className="panel" aria-labelledby="report-heading">
            <h2 id="report-heading">{t('case.report')}</h2>
            {report && redactionOf(report) ? (
              <Redacted item={report} fields={['title', 'body']} />
            ) : report?.value ? (
              <>
                <h3 data-testid="report-title">{str(report, 'title')}</h3>
                <p className="pre" data-testid="report-body">
                  {str(report, 'body')}
                </p>
              </>
            ) : (
              <p className="error-text">{t('case.unreadable')}</p>
            )}
            {report && !readOnly && (
              <Redact key={report.itemId} {...props} opened={opened} item={report} label={t('redact.report')} action={reportAction} reload={load} />
            )}
            <StatusLine status={reportAction.status} />
          </section>
          <Answers opened={opened} item={answers} />
          <Subjects {...props} opened={opened} subjects={subjects} readOnly={readOnly} reload={load} />
          <SpecialData {...props} opened={opened} readOnly={readOnly} reload={load} />
          <IdentitySection {...props} opened={opened} identity={identity} readOnly={readOnly} reload={load} />
          <Attachments {...props} opened={opened} readOnly={readOnly} />
          <section className="panel" aria-labelledby="messages-heading">
            <h2 id="messages-heading">{t('case.conversation')}</h2>
            <ItemList
              items={messages}
              empty={t('case.noMessages')}
              actions={(m) =>
                !readOnly &&
                standsFor(m, 'message-reporter') && (
                  <Redact {...props} opened={opened} item={m} label={t('redact.message')} action={messageAction} reload={load} />
                )
              }
            />
            <StatusLine status={messageAction.status} />
            {!readOnly && (
              <TextForm
                id="reply"
                label={t('case.reply')}
                submit={t('case.send')}
                done={t('case.replySent')}
                onSubmit={async (text) => {
                  await session.api.post(`/api/staff/cases/${view.id}/messages`, sealItem(session, opened, 'message-handler', text));
                  await load();
                }}
              />
            )}
          </section>
          <Transcripts {...props} opened={opened} transcripts={transcripts} readOnly={readOnly} reload={load} />
          <Meetings {...props} view={view} readOnly={readOnly} reload={load} />
          {!readOnly && (
            <section className="panel notes" aria-labelledby="notes-heading">
              <h2 id="notes-heading">{t('case.notes')}</h2>
              <p className="hint">{t('case.notesHint')}</p>
              <ItemList items={notes} empty={t('case.noNotes')} />
              {view.internalKeyId && !opened.keys.internal ? (
                <p>{t('case.noInternalKey')}</p>
              ) : (
                <TextForm
                  id="note"
                  label={t('case.note')}
                  submit={t('case.addNote')}
                  done={t('case.noteAdded')}
                  onSubmit={async (text) => {
                    await ensureInternalKey(session, opened);
                    await session.api.post(`/api/staff/cases/${view.id}/notes`, sealItem(session, opened, 'note', text));
                    await load();
                  }}
                />
              )}
            </section>
          )}
        </div>
        {!readOnly && (
          <div>
            <Workflow {...props} view={view} reload={load} />
            <Assignments {...props} opened={opened} reload={load} />
            <Experts {...props} opened={opened} reload={load} />
            <Implicated {...props} opened={opened} reload={load} />
            <Retention {...props} caseId={view.id} />
            <Disclosure {...props} opened={opened} />
          </div>
        )}
      </div>
    </StaffShell>
  );
}

function ItemList(props: { items: OpenedItem[]; empty: string; actions?: (item: OpenedItem) => ReactNode }) {
  const { t, language } = useI18n();
  if (props.items.length === 0) return <p>{props.empty}</p>;
  return (
    <ul className="messages">
      {props.items.map((m) =>
        redactionOf(m) ? (
          // Redacted: whose it was, at its place, and then the redacting handler's version, marked as theirs.
          <li key={m.itemId} className={standsFor(m, 'message-reporter') ? undefined : 'from-handler'}>
            <p className="meta">
              {standsFor(m, 'message-reporter') ? t('case.fromReporter') : t('case.fromHandler')} · {formatDate(m.createdAt, language, true)}
            </p>
            <Redacted item={m} fields={['text']} />
            {props.actions?.(m)}
          </li>
        ) : (
          <li key={m.itemId} className={m.authorKind === 'handler' ? 'from-handler' : undefined}>
            <p className="meta">
              {m.authorKind === 'reporter' ? t('case.fromReporter') : (m.author ?? t('case.unknownAuthor'))} · {formatDate(m.createdAt, language, true)}
              {!m.trusted && <span className="badge unverified">{t('case.unverified')}</span>}
            </p>
            <p className="pre">{m.value ? String(m.value.text ?? '') : t('case.unreadable')}</p>
            {props.actions?.(m)}
          </li>
        ),
      )}
    </ul>
  );
}

/** A text area and a button; says when it worked, and plainly when it did not. */
function TextForm(props: { id: string; label: string; submit: string; done: string; onSubmit: (text: string) => Promise<void> }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return setStatus({ ok: false, text: t('case.empty') });
    setBusy(true);
    setStatus(null);
    try {
      await props.onSubmit(text);
      setText('');
      setStatus({ ok: true, text: props.done });
    } catch (err) {
      setStatus({ ok: false, text: actionError(t, err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <div className="field">
        <label htmlFor={`${props.id}-text`}>{props.label}</label>
        <textarea id={`${props.id}-text`} rows={4} value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <StatusLine status={status} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {props.submit}
        </button>
      </div>
    </form>
  );
}

/** The words for a failed action: the server's code when the console knows it, otherwise a general one. */
export function actionError(t: (key: string) => string, err: unknown): string {
  if (err instanceof SealRefused) return t('trust.sealRefused');
  if (err instanceof ApiError) {
    const key = `apiError.${err.code}`;
    const text = t(key);
    if (text !== key) return text;
  }
  return t('error.action');
}

/** The reporter's identity when a custodian has granted it; otherwise a request to a custodian, with a reason. */
function IdentitySection(props: PageProps & { opened: OpenedCase; identity: OpenedItem | undefined; readOnly: boolean; reload: () => Promise<void> }) {
  const { t } = useI18n();
  const { session, opened, identity, readOnly } = props;
  const removal = useAction();
  const [reason, setReason] = useState('');
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  // Sent now, or earlier and still undecided: the form gives way to the pending state (a second request would be refused).
  const [sentNow, setSentNow] = useState(false);
  const pending = sentNow || !!opened.view.identityRequestPending;
  const pendingHeading = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (sentNow) pendingHeading.current?.focus();
  }, [sentNow]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim().length < 10) return setStatus({ ok: false, text: t('identity.reasonShort') });
    try {
      await session.api.post(`/api/staff/cases/${opened.view.id}/identity-requests`, { reason: reason.trim() });
      setReason('');
      setStatus(null);
      setSentNow(true);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'identity_request_pending') {
        setStatus(null);
        return setSentNow(true);
      }
      setStatus({ ok: false, text: actionError(t, err) });
    }
  };
  return (
    <section className="panel" aria-labelledby="identity-heading">
      <h2 id="identity-heading">{t('identity.title')}</h2>
      {identity?.value ? (
        <>
          <dl className="facts" data-testid="identity">
            <dt>{t('identity.name')}</dt>
            <dd>{String(identity.value.name ?? '')}</dd>
            <dt>{t('identity.contact')}</dt>
            <dd>{String(identity.value.contact ?? '')}</dd>
            <dt>{t('identity.details')}</dt>
            <dd className="pre">{String(identity.value.details ?? '')}</dd>
          </dl>
          {!readOnly && <RemoveIdentity {...props} identity={identity} action={removal} />}
        </>
      ) : readOnly ? (
        <p>{t('identity.hiddenExpert')}</p>
      ) : pending ? (
        <div data-testid="identity-pending">
          <p className="ok" role="status" tabIndex={-1} ref={pendingHeading}>
            {sentNow ? t('identity.requested') : t('identity.pendingEarlier')}
          </p>
          <p>{t('identity.pending')}</p>
        </div>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <p>{t('identity.hidden')}</p>
          <div className="field">
            <label htmlFor="identity-reason">{t('identity.reason')}</label>
            <textarea id="identity-reason" rows={3} aria-describedby="identity-reason-hint" value={reason} onChange={(e) => setReason(e.target.value)} />
            <p className="hint" id="identity-reason-hint">
              {t('identity.reasonHint')}
            </p>
          </div>
          <StatusLine status={status} />
          <div className="actions">
            <button type="submit">{t('identity.request')}</button>
          </div>
        </form>
      )}
      <StatusLine status={removal.status} />
    </section>
  );
}
