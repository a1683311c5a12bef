import { FormEvent, useState } from 'react';
import { useI18n } from '../../shared/i18n';
import type { PageProps } from '../page-props';
import { assignableColleagues, OpenedCase, sealCaseKeysTo } from '../case-client';
import { formatDate } from '../layout';
import { ApiError } from '../staff-api';
import { actionError } from './CasePage';
import { ColleagueSelect } from './ColleagueSelect';
import { useRefusal } from './TrustNotices';

/**
 * Who holds the case, and giving it to a colleague: the case keys are re-sealed to
 * them in this browser. Taking it away again needs a confirmation. A refusal for a
 * conflict of interest says only that, never why.
 */
export function Assignments(props: PageProps & { opened: OpenedCase; reload: () => Promise<void> }) {
  const { t, language } = useI18n();
  const { session, opened, reload } = props;
  const { view } = opened;
  const candidates = assignableColleagues(opened);
  const [chosen, setChosen] = useState('');
  const [removing, setRemoving] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error' | 'conflict'; text: string } | null>(null);
  const refusal = useRefusal(session, opened, reload);

  const assign = async (e: FormEvent) => {
    e.preventDefault();
    refusal.clear();
    const colleague = candidates.find((c) => c.userId === chosen);
    if (!colleague) return setStatus({ kind: 'error', text: t('assign.choose') });
    let grants;
    try {
      grants = sealCaseKeysTo(session, opened, colleague);
    } catch (err) {
      // Invariant: nothing was sealed or sent; the person sees why, with both fingerprints.
      setStatus(null);
      return refusal.refuse(err, colleague);
    }
    if (!grants) return setStatus({ kind: 'error', text: t('assign.noKey') });
    setBusy(true);
    setStatus(null);
    try {
      await session.api.post(`/api/staff/cases/${view.id}/assignments`, { userId: colleague.userId, grants });
      setChosen('');
      setStatus({ kind: 'ok', text: t('assign.done', { name: colleague.displayName }) });
      await reload();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'assignee_conflict')
        setStatus({ kind: 'conflict', text: t('assign.conflict', { name: colleague.displayName }) });
      else setStatus({ kind: 'error', text: actionError(t, err) });
    } finally {
      setBusy(false);
    }
  };

  const unassign = async (userId: string, name: string) => {
    setBusy(true);
    setStatus(null);
    try {
      await session.api.delete(`/api/staff/cases/${view.id}/assignments/${userId}`);
      setRemoving(null);
      setStatus({ kind: 'ok', text: t('assign.removed', { name }) });
      await reload();
    } catch (err) {
      setStatus({ kind: 'error', text: actionError(t, err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="holders-heading">
      <h2 id="holders-heading">{t('assign.title')}</h2>
      <p className="hint">{t('assign.hint')}</p>
      <ul data-testid="key-holders">
        {view.keyHolders.map((h) => (
          <li key={h.userId} data-user-id={h.userId}>
            {h.displayName}
            {h.userId === session.user.id && ` (${t('assign.you')})`}
            {h.expiresAt && ` (${t('assign.expertUntil', { date: formatDate(h.expiresAt, language) })})`}
            {h.userId !== session.user.id &&
              (removing === h.userId ? (
                <span className="actions" role="group" aria-labelledby={`unassign-confirm-${h.userId}`}>
                  <span id={`unassign-confirm-${h.userId}`}>{t('assign.removeConfirm', { name: h.displayName })}</span>
                  <button type="button" disabled={busy} onClick={() => void unassign(h.userId, h.displayName)}>
                    {t('assign.removeYes')}
                  </button>
                  <button type="button" onClick={() => setRemoving(null)}>
                    {t('common.cancel')}
                  </button>
                </span>
              ) : (
                <button type="button" onClick={() => setRemoving(h.userId)}>
                  {t('assign.remove', { name: h.displayName })}
                </button>
              ))}
          </li>
        ))}
      </ul>
      {candidates.length === 0 ? (
        <p>{t('assign.noCandidates')}</p>
      ) : (
        <form aria-label={t('assign.formLabel')} onSubmit={(e) => void assign(e)} noValidate>
          <ColleagueSelect id="assign-colleague" label={t('assign.colleague')} value={chosen} onChange={setChosen} colleagues={candidates} />
          <button type="submit" disabled={busy}>
            {t('assign.submit')}
          </button>
        </form>
      )}
      {status && (
        <p className={status.kind === 'ok' ? 'ok' : status.kind === 'conflict' ? 'warning' : 'error-text'} role={status.kind === 'ok' ? 'status' : 'alert'}>
          {status.text}
        </p>
      )}
      {refusal.notice}
    </section>
  );
}
