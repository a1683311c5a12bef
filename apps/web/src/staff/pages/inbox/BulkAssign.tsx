import { FormEvent, MutableRefObject, useState } from 'react';
import type { CaseSummary } from '@kanava/api-contract';
import { useI18n } from '../../../shared/i18n';
import type { StaffSession } from '../../session';
import { assignableColleagues, CaseViewWire, Colleague, openCase, SealRefused, sealCaseKeysTo } from '../../case-client';
import { loadTrust, TrustedDirectory } from '../../trust';
import { ApiError } from '../../staff-api';
import type { BulkReason } from '../../bulk-assign';
import { ColleagueSelect } from '../ColleagueSelect';

interface BulkRun {
  name: string;
  total: number;
  done: number;
  assigned: number;
  failures: { id: string; reference: string; reason: BulkReason }[];
  running: boolean;
}

/** Assigning the selected cases of the inbox to a colleague, with its progress and the cases that failed. */
export function BulkAssign(props: {
  session: StaffSession;
  cases: CaseSummary[];
  selected: Set<string>;
  onSelected: (update: (prev: Set<string>) => Set<string>) => void;
  colleagues: Colleague[];
  directory: MutableRefObject<TrustedDirectory | null>;
}) {
  const { t } = useI18n();
  const { session } = props;
  const [assignee, setAssignee] = useState('');
  const [bulk, setBulk] = useState<BulkRun | null>(null);
  const [bulkProblem, setBulkProblem] = useState<string | null>(null);

  /**
   * Assigns each selected case to the colleague as the case page does, one after another: the
   * case is opened in this browser (its access logged, its unread marker kept), its keys are
   * re-sealed to the colleague and signed, and the assignment is sent. A case that fails is
   * listed with the reason and the others go on.
   */
  const assignSelected = async (e: FormEvent) => {
    e.preventDefault();
    const colleague = props.colleagues.find((c) => c.userId === assignee);
    const targets = props.cases.filter((c) => props.selected.has(c.id));
    if (!targets.length) return setBulkProblem(t('bulk.none'));
    if (!colleague) return setBulkProblem(t('bulk.choose'));
    setBulkProblem(null);
    setBulk({ name: colleague.displayName, total: targets.length, done: 0, assigned: 0, failures: [], running: true });
    let dir: TrustedDirectory;
    try {
      dir = props.directory.current ?? (await loadTrust(session));
      props.directory.current = dir;
    } catch {
      setBulk(null);
      return setBulkProblem(t('error.load'));
    }
    const assigned = new Set<string>();
    for (const c of targets) {
      let reason: BulkReason | null = null;
      try {
        const view = await session.api.get<CaseViewWire>(`/api/staff/cases/${c.id}?unread=keep`);
        const opened = openCase(session, view, dir);
        const target = assignableColleagues(opened).find((x) => x.userId === colleague.userId);
        if (!target) reason = 'holds';
        else {
          let grants;
          try {
            grants = sealCaseKeysTo(session, opened, target);
          } catch (err) {
            if (!(err instanceof SealRefused)) throw err;
            reason = 'keys';
          }
          if (!reason && !grants) reason = 'noKey';
          if (!reason) await session.api.post(`/api/staff/cases/${c.id}/assignments`, { userId: target.userId, grants });
        }
      } catch (err) {
        reason = err instanceof ApiError && err.code === 'assignee_conflict' ? 'conflict' : 'error';
      }
      const failed = reason;
      if (!failed) assigned.add(c.id);
      setBulk(
        (prev) =>
          prev && {
            ...prev,
            done: prev.done + 1,
            assigned: prev.assigned + (failed ? 0 : 1),
            failures: failed ? [...prev.failures, { id: c.id, reference: c.reference, reason: failed }] : prev.failures,
          },
      );
    }
    setBulk((prev) => prev && { ...prev, running: false });
    // The assigned ones leave the selection; the failed ones stay selected to try again.
    props.onSelected((prev) => new Set([...prev].filter((id) => !assigned.has(id))));
  };

  return (
    <form className="panel bulk" aria-labelledby="bulk-heading" onSubmit={(e) => void assignSelected(e)} noValidate>
      <h2 id="bulk-heading">{t('bulk.title')}</h2>
      <p className="hint">{t('bulk.hint')}</p>
      <ColleagueSelect id="bulk-colleague" label={t('bulk.colleague')} value={assignee} onChange={setAssignee} colleagues={props.colleagues} />
      <button type="submit" disabled={!!bulk?.running}>
        {t('bulk.submit', { count: props.selected.size })}
      </button>
      {bulkProblem && (
        <p className="error-text" role="alert">
          {bulkProblem}
        </p>
      )}
      {bulk && (
        <div data-testid="bulk-progress">
          <label htmlFor="bulk-progress-bar">{t('bulk.progress', { done: bulk.done, total: bulk.total })}</label>{' '}
          <progress id="bulk-progress-bar" max={bulk.total} value={bulk.done} />
          {!bulk.running && (
            <p role="status" className={bulk.failures.length ? 'warning' : 'ok'}>
              {t('bulk.done', { count: bulk.assigned, total: bulk.total, name: bulk.name })}
            </p>
          )}
          {bulk.failures.length > 0 && (
            <>
              <p>{t('bulk.failed')}</p>
              <ul data-testid="bulk-failures">
                {bulk.failures.map((f) => (
                  <li key={f.id} data-case-id={f.id}>
                    {t('bulk.errorItem', { reference: f.reference, reason: t(`bulk.reason.${f.reason}`) })}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </form>
  );
}
