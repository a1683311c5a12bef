import { FormEvent, useEffect, useState } from 'react';
import type { AdminQuestionnaireView } from '@kanava/api-contract';
import { useI18n } from '../../shared/i18n';
import { Status, StatusLine } from '../../shared/status-line';
import type { PageProps } from '../page-props';
import { formatDate, StaffShell } from '../layout';
import { ChannelPicker, useChannelChoice } from './channel-choice';
import { actionError } from './CasePage';
import { choiceRows, isChoice, newQuestion, QuestionDraft, toDraft, toWire } from './admin-questionnaire/draft';
import { QuestionEditor } from './admin-questionnaire/QuestionEditor';
import { useTextLanguages } from '../use-text-languages';
import { BUILT_IN } from '../text-languages';

/** Most questions the server takes in one questionnaire. */
const MAX_QUESTIONS = 50;

/**
 * A channel's questionnaire: the questions its report form asks after the report's own
 * text. Saving adds a version; cases already answered keep the version they were given,
 * and no questions take the channel back to the plain report form.
 */
export function AdminQuestionnaire(props: PageProps) {
  const { t, language } = useI18n();
  const { session } = props;
  const [view, setView] = useState<AdminQuestionnaireView | null>(null);
  const [drafts, setDrafts] = useState<QuestionDraft[]>([]);
  const [status, setStatus] = useState<Status | null>(null);
  const { channels, channelId, setChannelId } = useChannelChoice(session, () => setStatus({ ok: false, text: t('error.load') }));

  // The drafts have a field per language the organisation writes in, so they wait for the list.
  const { languages, error: languagesError } = useTextLanguages(session.api, t('error.load'));
  useEffect(() => {
    if (languagesError) setStatus({ ok: false, text: languagesError });
  }, [languagesError]);

  useEffect(() => {
    if (!channelId || !languages) return;
    // An answer for a channel no longer chosen is dropped: its questions must not be saved onto another channel.
    let stale = false;
    setView(null);
    setDrafts([]);
    setStatus(null);
    session.api.get<AdminQuestionnaireView>(`/api/admin/channels/${channelId}/questionnaire`).then(
      (v) => {
        if (stale) return;
        setView(v);
        setDrafts(v.current?.questions.map((q) => toDraft(q, languages)) ?? []);
      },
      () => !stale && setStatus({ ok: false, text: t('error.load') }),
    );
    return () => {
      stale = true;
    };
  }, [session, channelId, languages]);

  /** What the server would refuse, said in the admin's language before anything is sent. */
  const problems = (): string[] =>
    drafts.flatMap((q, i) => {
      const n = i + 1;
      const found: string[] = [];
      // One of the portal's own languages is required, so no reporter meets a nameless question.
      const named = (texts: Record<string, string | undefined>) => BUILT_IN.some((l) => texts[l]?.trim());
      if (!named(q.label)) found.push(t('admin.questionnaire.errorText', { n }));
      if (isChoice(q.type) && choiceRows(q).length < 2) found.push(t('admin.questionnaire.errorChoices', { n }));
      else if (isChoice(q.type) && !choiceRows(q).every((o) => named(o.label))) found.push(t('admin.questionnaire.errorChoiceText', { n }));
      return found;
    });

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setStatus(null);
    const found = problems();
    if (found.length) return setStatus({ ok: false, text: found.join(' ') });
    if (!view) return;
    try {
      const saved = await session.api.put<AdminQuestionnaireView>(`/api/admin/channels/${view.channelId}/questionnaire`, toWire(drafts));
      setView(saved);
      setDrafts(saved.current?.questions.map((q) => toDraft(q, languages ?? undefined)) ?? []);
      setStatus({ ok: true, text: t('admin.questionnaire.saved', { version: saved.current?.version ?? 0, n: saved.current?.questions.length ?? 0 }) });
    } catch (err) {
      setStatus({ ok: false, text: actionError(t, err) });
    }
  };

  const update = (i: number, q: QuestionDraft) => setDrafts((all) => all.map((x, j) => (j === i ? q : x)));
  const move = (i: number, by: -1 | 1) =>
    setDrafts((all) => {
      const next = [...all];
      [next[i], next[i + by]] = [next[i + by], next[i]];
      // A condition must name an earlier question: one that now comes later is dropped.
      return next.map((q, j) => (q.showIf && !next.slice(0, j).some((e) => e.id === q.showIf!.questionId) ? { ...q, showIf: null } : q));
    });
  const remove = (i: number) =>
    setDrafts((all) => {
      const gone = all[i].id;
      return all.filter((_, j) => j !== i).map((q) => (q.showIf?.questionId === gone ? { ...q, showIf: null } : q));
    });

  return (
    <StaffShell {...props} heading={t('admin.questionnaire.title')} headingKey="admin-questionnaire">
      <p>{t('admin.questionnaire.intro')}</p>
      {!channels && !status && <p role="status">{t('common.loading')}</p>}
      <ChannelPicker id="questionnaire-channel" label={t('admin.questionnaire.channel')} channels={channels} channelId={channelId} onChange={setChannelId} />
      {view && (
        <form onSubmit={(e) => void save(e)} noValidate aria-label={t('admin.questionnaire.formLabel', { channel: view.channelName })}>
          <p className="hint">
            {view.current
              ? t('admin.questionnaire.current', { version: view.current.version, date: formatDate(view.current.createdAt, language) })
              : t('admin.questionnaire.noneYet')}
          </p>
          {drafts.length === 0 && <p>{t('admin.questionnaire.plainForm')}</p>}
          {drafts.map((q, i) => (
            <QuestionEditor
              key={q.id}
              index={i}
              question={q}
              earlier={drafts.slice(0, i)}
              last={i === drafts.length - 1}
              onChange={(next) => update(i, next)}
              onMove={(by) => move(i, by)}
              onRemove={() => remove(i)}
            />
          ))}
          <div className="actions">
            {drafts.length < MAX_QUESTIONS && (
              <button type="button" onClick={() => setDrafts((all) => [...all, newQuestion(all, languages ?? undefined)])}>
                {t('admin.questionnaire.add')}
              </button>
            )}
            <button type="submit" className="primary">
              {t('admin.questionnaire.save', { version: (view.current?.version ?? 0) + 1 })}
            </button>
          </div>
          <StatusLine status={status} />
        </form>
      )}
      {!view && status && <StatusLine status={status} />}
      {view && view.versions.length > 0 && (
        <section className="panel" aria-labelledby="questionnaire-versions">
          <h2 id="questionnaire-versions">{t('admin.questionnaire.versions')}</h2>
          <ul className="plain">
            {view.versions.map((v) => (
              <li key={v.id}>{t('admin.questionnaire.versionLine', { version: v.version, n: v.questions, date: formatDate(v.createdAt, language) })}</li>
            ))}
          </ul>
        </section>
      )}
    </StaffShell>
  );
}
