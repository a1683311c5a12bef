import { FormEvent, useState } from 'react';
import { useI18n } from '../../shared/i18n';
import type { PageProps } from '../page-props';
import { concernedCandidates, OpenedCase, sealConcernedTo } from '../case-client';
import { ColleagueSelect } from './ColleagueSelect';
import { StatusLine, useAction } from './confirm';
import { useRefusal } from './TrustNotices';

/**
 * Persons concerned under their own key (R21): what a handler without it is told, and,
 * for a holder, sharing it with a colleague who holds the case (a handler assigned
 * later, or an expert). The key is re-sealed in this browser; the reason stays with
 * the grant and the log records only that it was shared, and with whom.
 */
export function PersonsConcernedKey(props: PageProps & { opened: OpenedCase; readOnly: boolean; reload: () => Promise<void> }) {
  const { t } = useI18n();
  const { session, opened, readOnly, reload } = props;
  const { view } = opened;
  const action = useAction();
  const [chosen, setChosen] = useState('');
  const [reason, setReason] = useState('');
  const refusal = useRefusal(session, opened, reload);
  if (!view.concernedKeyId) return null;
  if (!opened.keys.concerned) {
    return view.concernedWithheld > 0 ? (
      <p className="notice" data-testid="concerned-withheld">
        {t('concerned.withheld', { n: view.concernedWithheld })}
      </p>
    ) : null;
  }
  const candidates = concernedCandidates(opened, session.user.id);
  if (readOnly) return null;
  // Once the last colleague holds the key the form goes, but the line saying it was shared stays.
  if (candidates.length === 0) return <StatusLine status={action.status} />;

  const share = async (e: FormEvent) => {
    e.preventDefault();
    refusal.clear();
    const colleague = candidates.find((c) => c.userId === chosen);
    if (!colleague) return action.fail(t('assign.choose'));
    if (reason.trim().length < 3) return action.fail(t('concerned.reasonNeeded'));
    let grant;
    try {
      grant = sealConcernedTo(session, opened, colleague);
    } catch (err) {
      // Nothing was sealed or sent; the person sees why, with both fingerprints.
      return refusal.refuse(err, colleague);
    }
    if (!grant) return action.fail(t('assign.noKey'));
    const ok = await action.run(
      async () => {
        await session.api.post(`/api/staff/cases/${view.id}/persons-concerned-grants`, { userId: colleague.userId, reason: reason.trim(), grant });
        await reload();
      },
      t('concerned.shared', { name: colleague.displayName }),
    );
    if (ok) {
      setChosen('');
      setReason('');
    }
  };

  return (
    <form aria-label={t('concerned.formLabel')} onSubmit={(e) => void share(e)} noValidate>
      <p className="hint">{t('concerned.hint')}</p>
      <ColleagueSelect id="concerned-colleague" label={t('concerned.colleague')} value={chosen} onChange={setChosen} colleagues={candidates} />
      <div className="field">
        <label htmlFor="concerned-reason">{t('concerned.reason')}</label>
        <textarea id="concerned-reason" value={reason} maxLength={500} rows={2} onChange={(e) => setReason(e.target.value)} />
      </div>
      <button type="submit" disabled={action.busy}>
        {t('concerned.submit')}
      </button>
      <StatusLine status={action.status} />
      {refusal.notice}
    </form>
  );
}
