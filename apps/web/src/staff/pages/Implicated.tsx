import { useState } from 'react';
import { useI18n } from '../../shared/i18n';
import type { PageProps } from '../page-props';
import { implicatableColleagues, OpenedCase } from '../case-client';
import { ColleagueSelect } from './ColleagueSelect';
import { ConfirmButton, StatusLine, useAction } from './confirm';

/**
 * Marking a colleague as implicated (named in the case): they lose every key to
 * it at once and can never be given it again. It cannot be undone here, so it is
 * sent only from a confirmation that names them.
 */
export function Implicated(props: PageProps & { opened: OpenedCase; reload: () => Promise<void> }) {
  const { t } = useI18n();
  const { session, opened, reload } = props;
  const candidates = implicatableColleagues(opened, session.user.id);
  const [chosen, setChosen] = useState('');
  const action = useAction();
  const colleague = candidates.find((c) => c.userId === chosen);

  const mark = () => {
    if (!colleague) return;
    return action.run(
      async () => {
        await session.api.post(`/api/staff/cases/${opened.view.id}/implicated`, { userId: colleague.userId });
        setChosen('');
        await reload();
      },
      t('implicated.done', { name: colleague.displayName }),
    );
  };

  return (
    <section className="panel" aria-labelledby="implicated-heading">
      <h2 id="implicated-heading">{t('implicated.title')}</h2>
      <p className="hint">{t('implicated.intro')}</p>
      {candidates.length === 0 ? (
        <p>{t('implicated.noCandidates')}</p>
      ) : (
        <>
          <ColleagueSelect id="implicated-colleague" label={t('implicated.colleague')} value={chosen} onChange={setChosen} colleagues={candidates} />
          {colleague && (
            <ConfirmButton
              key={colleague.userId}
              id="implicated"
              label={t('implicated.mark', { name: colleague.displayName })}
              question={t('implicated.confirm', { name: colleague.displayName })}
              yes={t('implicated.yes')}
              action={action}
              onConfirm={mark}
            />
          )}
        </>
      )}
      <StatusLine status={action.status} testId="implicated-status" />
    </section>
  );
}
