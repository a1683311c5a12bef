import { FormEvent, useEffect, useId, useRef, useState } from 'react';
import { ApiError } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import { Shell } from '../../shared/layout';
import {
  Draft,
  fetchQuestionnaire,
  fetchRecipients,
  giveVoiceConsent,
  Organisation,
  Person,
  PreparedReport,
  prepareReport,
  Recipients,
  sendReport,
  Submitted,
  uploadAttachment,
} from '../reporter-client';
import { SendProblem, sendProblem, SendRefused } from '../org-trust';
import { OrgFingerprint, SendProblemNotice, usePortalTrust } from '../trust-context';
import { DisguisedVoice, VoiceRecorder } from '../voice';
import { VoiceConsentField } from '../voice-consent';
import type { VoiceConsentChoice } from '@kanava/crypto';
import { channelTexts } from '../channel-texts';
import { FallbackNote, isNetworkFailure, NetworkProblem, OrgText } from '../notices';
import { ChosenFile, FilesSection } from './report-form/files';
import { IdentitySection } from './report-form/IdentitySection';
import { PeopleSection } from './report-form/PeopleSection';
import { ExclusionSection, RecipientList } from './report-form/Recipients';
import { QuestionsSection } from './report-form/QuestionsSection';
import { AnswerDraft, answerProblems, answersValue, askedQuestions, questionText } from '../../shared/questionnaire';
import type { QuestionnaireVersionView } from '@kanava/api-contract';

export { FileChooser, FileNotes, readFiles, type ChosenFile } from './report-form/files';

type Stage = { name: 'keys' } | { name: 'proof'; share: number } | { name: 'sending' } | { name: 'files'; index: number; share: number };

export function ReportForm(props: { org: Organisation; onCancel: () => void; onSubmitted: (s: Submitted, uploadFailures: number) => void }) {
  // `language` is the page's (UI) language; the organisation's texts are picked in `contentLanguage`.
  const { t, language, contentLanguage } = useI18n();
  const ids = useId();
  const { org } = props;
  const [channelId, setChannelId] = useState(org.channels[0]?.id ?? '');
  const channel = org.channels.find((c) => c.id === channelId) ?? null;
  const texts = channel ? channelTexts(channel, contentLanguage) : null;
  const [categoryId, setCategoryId] = useState('');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [people, setPeople] = useState<Person[]>([]);
  const [giveIdentity, setGiveIdentity] = useState(false);
  const [identity, setIdentity] = useState({ name: '', contact: '', details: '' });
  const [excluded, setExcluded] = useState<string[]>([]);
  const [files, setFiles] = useState<ChosenFile[]>([]);
  const [voice, setVoice] = useState<DisguisedVoice | null>(null);
  const [voiceBusy, setVoiceBusy] = useState(false);
  const [voiceChoice, setVoiceChoice] = useState<VoiceConsentChoice>('transcript-only');
  const [recipients, setRecipients] = useState<Recipients | null>(null);
  const [questionnaire, setQuestionnaire] = useState<QuestionnaireVersionView | null>(null);
  const [answerDraft, setAnswerDraft] = useState<AnswerDraft>({});
  const [questionFiles, setQuestionFiles] = useState<Record<string, ChosenFile[]>>({});
  const [errors, setErrors] = useState<string[]>([]);
  // A request that got no answer: retried as it was, never shown as something to correct.
  const [offline, setOffline] = useState<{ retry: () => void } | null>(null);
  const [recipientsAttempt, setRecipientsAttempt] = useState(0);
  const offlineBox = useRef<HTMLDivElement>(null);
  // Once the page is back from the sending view, whose end moves the focus to the heading: then to the notice.
  useEffect(() => {
    if (!offline) return;
    const later = window.setTimeout(() => offlineBox.current?.focus(), 0);
    return () => window.clearTimeout(later);
  }, [offline]);
  const [stage, setStage] = useState<Stage | null>(null);
  const { trust, pinned } = usePortalTrust();
  // Checked before the reporter writes a word: a page that would refuse to send says so at once.
  const problem: SendProblem | null = recipients ? sendProblem(trust, pinned, recipients) : null;

  const identityRequired = channel ? !channel.allowAnonymous : false;
  const voiceOffered = channel?.voiceEnabled === true;
  // Files given as answers go with the report's own; the disguised voice message goes last, as one more encrypted attachment.
  const asked = questionnaire ? askedQuestions(questionnaire.questions, answerDraft) : [];
  const answerFiles = asked.filter((q) => q.type === 'file').flatMap((q) => questionFiles[q.id] ?? []);
  const fileNames = Object.fromEntries(asked.filter((q) => q.type === 'file').map((q) => [q.id, (questionFiles[q.id] ?? []).map((f) => f.name)]));
  const uploads: ChosenFile[] = [...files, ...answerFiles, ...(voice && voiceOffered ? [voice] : [])];
  const withIdentity = giveIdentity || identityRequired;

  useEffect(() => {
    setRecipients(null);
    setQuestionnaire(null);
    setAnswerDraft({});
    setQuestionFiles({});
    setExcluded([]);
    setCategoryId('');
    setVoice(null);
    if (channelId)
      Promise.all([fetchRecipients(channelId), fetchQuestionnaire(channelId)]).then(
        ([found, asked]) => {
          setQuestionnaire(asked);
          setRecipients(found);
        },
        () =>
          setOffline({
            retry: () => {
              setOffline(null);
              setRecipientsAttempt((n) => n + 1);
            },
          }),
      );
  }, [channelId, recipientsAttempt]);

  const validate = (): string[] => {
    const found: string[] = [];
    if (!channel) found.push(t('report.errorChannel'));
    if (!title.trim()) found.push(t('report.errorTitle'));
    // A voice message may say what the text would: then the text may stay empty.
    if (!body.trim() && !(voice && voiceOffered)) found.push(t('report.errorBody'));
    if (voiceOffered && voiceBusy) found.push(t('voice.errorBusy'));
    if (questionnaire) {
      for (const { question, problem } of answerProblems(questionnaire.questions, answerDraft, fileNames)) {
        const text = questionText(question.label, contentLanguage).text;
        found.push(problem === 'required' ? t('questions.errorRequired', { question: text }) : t('questions.errorDate', { question: text }));
      }
    }
    if (withIdentity && (!identity.name.trim() || !identity.contact.trim())) found.push(t('report.errorIdentity'));
    if (recipients && recipients.handlers.length > 0 && excluded.length >= recipients.handlers.length) found.push(t('report.errorExcludeAll'));
    if (recipients && recipients.handlers.length === 0) found.push(t('report.errorNoHandlers'));
    return found;
  };

  // The report last sent without an answer: the retry sends it again as it is (reporter-client sendReport).
  const pending = useRef<PreparedReport | null>(null);
  const submit = async (e?: FormEvent, resend = false) => {
    e?.preventDefault();
    setOffline(null);
    const found = validate();
    if (problem) found.push(t('report.errorTrust'));
    setErrors(found);
    if (found.length || !channel || !recipients) {
      document.getElementById(`${ids}-errors`)?.focus();
      return;
    }
    const draft: Draft = {
      channelId: channel.id,
      categoryId: categoryId || null,
      title: title.trim(),
      body,
      subjects: people.filter((p) => p.name.trim() || p.role.trim() || p.details.trim()),
      identity: withIdentity ? identity : null,
      excludedUserIds: excluded,
      answers: questionnaire ? answersValue(questionnaire, answerDraft, fileNames, contentLanguage) : null,
    };
    try {
      const onStage = (name: 'keys' | 'proof' | 'sending', share?: number) =>
        setStage(name === 'proof' ? { name, share: share ?? 0 } : name === 'keys' ? { name } : { name });
      // A retry sends the very report that may have arrived already, never a second one.
      const prepared = (resend && pending.current) || (await prepareReport(org, recipients, draft, { portal: trust, pinned }, onStage));
      pending.current = prepared;
      const submitted = await sendReport(prepared, onStage);
      pending.current = null;
      let failures = 0;
      for (let i = 0; i < uploads.length; i++) {
        setStage({ name: 'files', index: i, share: 0 });
        try {
          const attachmentId = await uploadAttachment(submitted.session, uploads[i], (share) => setStage({ name: 'files', index: i, share }));
          // The reporter's choice for the voice message, signed like everything they send (R28).
          if (uploads[i] === voice) await giveVoiceConsent(submitted.session, attachmentId, voiceChoice);
        } catch {
          // The report is in; a failed file can be added again from the follow-up page.
          failures++;
        }
      }
      props.onSubmitted(submitted, failures);
    } catch (err) {
      setStage(null);
      if (err instanceof SendRefused) return setErrors([t('report.errorTrust')]);
      if (isNetworkFailure(err)) {
        setErrors([]);
        return setOffline({ retry: () => void submit(undefined, true) });
      }
      setErrors([err instanceof ApiError && err.status === 429 ? t('error.busy') : t('error.submit')]);
    }
  };

  if (stage) return <Sending org={org} stage={stage} files={uploads} />;

  return (
    <Shell title={org.name} heading={t('report.title')} headingKey="report">
      <p>{t('report.lead')}</p>
      {offline && <NetworkProblem onRetry={offline.retry} box={offlineBox} />}
      <div id={`${ids}-errors`} tabIndex={-1} role="alert" className={errors.length ? 'errors' : undefined}>
        {errors.length > 0 && (
          <>
            <p>{t('report.errorsTitle')}</p>
            <ul>
              {errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          </>
        )}
      </div>
      <form onSubmit={(e) => void submit(e)} noValidate>
        {org.channels.length > 1 ? (
          <fieldset>
            <legend>{t('report.channel')}</legend>
            {org.channels.map((c) => {
              const texts = channelTexts(c, contentLanguage);
              return (
                <div key={c.id} className="choice">
                  <input type="radio" id={`${ids}-ch-${c.id}`} name="channel" value={c.id} checked={c.id === channelId} onChange={() => setChannelId(c.id)} />
                  <label htmlFor={`${ids}-ch-${c.id}`}>
                    <OrgText value={texts.name} />
                    {texts.description.text && (
                      <span className="hint">
                        {' '}
                        – <OrgText value={texts.description} />
                      </span>
                    )}
                  </label>
                </div>
              );
            })}
            <FallbackNote shown={[...new Set(org.channels.flatMap((c) => channelTexts(c, contentLanguage).fallbacks))]} />
          </fieldset>
        ) : (
          texts && (
            <>
              <p>
                {t('report.channelOne').split('{channel}')[0]}
                <OrgText value={texts.name} />
                {t('report.channelOne').split('{channel}')[1]}
                {texts.description.text && (
                  <span className="hint">
                    {' '}
                    – <OrgText value={texts.description} />
                  </span>
                )}
              </p>
              <FallbackNote shown={texts.fallbacks} />
            </>
          )
        )}

        {channel && channel.categories.length > 0 && (
          <div className="field">
            <label htmlFor={`${ids}-category`}>{t('report.category')}</label>
            <select id={`${ids}-category`} value={categoryId} onChange={(e) => setCategoryId(e.target.value)}>
              <option value="">{t('report.categoryNone')}</option>
              {texts?.categories.map((c) => (
                <option key={c.id} value={c.id} lang={c.label.language && c.label.language !== language ? c.label.language : undefined}>
                  {c.label.text}
                </option>
              ))}
            </select>
          </div>
        )}

        <div className="field">
          <label htmlFor={`${ids}-title`}>{t('report.subject')}</label>
          <input
            id={`${ids}-title`}
            required
            aria-required="true"
            maxLength={300}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            autoComplete="off"
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-body`}>{t('report.body')}</label>
          <p className="hint" id={`${ids}-body-hint`}>
            {t('report.bodyHint')}
          </p>
          <textarea
            id={`${ids}-body`}
            required
            aria-required="true"
            aria-describedby={`${ids}-body-hint`}
            rows={10}
            maxLength={100000}
            value={body}
            onChange={(e) => setBody(e.target.value)}
          />
        </div>

        {questionnaire && (
          <QuestionsSection
            id={ids}
            questionnaire={questionnaire}
            draft={answerDraft}
            onDraft={setAnswerDraft}
            files={questionFiles}
            onFiles={setQuestionFiles}
          />
        )}

        <PeopleSection id={ids} people={people} onChange={setPeople} />

        <IdentitySection id={ids} required={identityRequired} give={giveIdentity} onGive={setGiveIdentity} identity={identity} onIdentity={setIdentity} />

        {channel?.exclusionEnabled && recipients && recipients.handlers.length > 1 && (
          <ExclusionSection id={ids} handlers={recipients.handlers} excluded={excluded} onChange={setExcluded} trust={trust} />
        )}

        <FilesSection id={`${ids}-files`} files={files} setFiles={setFiles} />

        {voiceOffered && (
          <fieldset>
            <legend>{t('voice.title')}</legend>
            <VoiceRecorder id={`${ids}-voice`} value={voice} onChange={setVoice} onBusy={setVoiceBusy}>
              <p className="hint">{t('voice.withReport')}</p>
            </VoiceRecorder>
            {voice && <VoiceConsentField value={voiceChoice} onChange={setVoiceChoice} />}
          </fieldset>
        )}

        {recipients && recipients.handlers.length > 0 && <RecipientList handlers={recipients.handlers} excluded={excluded} trust={trust} />}

        <OrgFingerprint id={`${ids}-fingerprint`} />
        {/* A pinned fingerprint that differs is shown in the box above, with both codes. */}
        {problem && problem.kind !== 'pin-mismatch' && <SendProblemNotice problem={problem} />}
        <div className="actions">
          <button type="submit" className="primary">
            {t('report.send')}
          </button>
          <button type="button" onClick={props.onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Shell>
  );
}

function Sending(props: { org: Organisation; stage: Stage; files: ChosenFile[] }) {
  const { t } = useI18n();
  const { stage } = props;
  const percent = (share: number) => Math.round(share * 100);
  return (
    <Shell title={props.org.name} heading={t('sending.title')} headingKey="sending">
      <p>{t('sending.lead')}</p>
      <ol className="stages">
        <li aria-current={stage.name === 'keys' ? 'step' : undefined}>{t('sending.keys')}</li>
        <li aria-current={stage.name === 'proof' ? 'step' : undefined}>
          <label htmlFor="proof-progress">{t('sending.proof')}</label>{' '}
          <progress id="proof-progress" max={100} value={stage.name === 'proof' ? percent(stage.share) : stage.name === 'keys' ? 0 : 100} />
        </li>
        <li aria-current={stage.name === 'sending' ? 'step' : undefined}>{t('sending.send')}</li>
        {props.files.map((f, i) => (
          <li key={i} aria-current={stage.name === 'files' && stage.index === i ? 'step' : undefined}>
            <label htmlFor={`file-progress-${i}`}>{t('sending.file', { name: f.name })}</label>{' '}
            <progress
              id={`file-progress-${i}`}
              max={100}
              value={stage.name !== 'files' || stage.index < i ? 0 : stage.index > i ? 100 : percent(stage.share)}
            />
          </li>
        ))}
      </ol>
      <p role="status" className="visually-hidden">
        {stage.name === 'proof' ? t('sending.proof') : stage.name === 'files' ? t('sending.file', { name: props.files[stage.index]?.name ?? '' }) : ''}
      </p>
    </Shell>
  );
}
