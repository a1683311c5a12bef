import { useId, useState } from 'react';
import { useI18n } from '../../shared/i18n';
import { Colleague, OpenedCase, SealRefused } from '../case-client';
import type { StaffSession } from '../session';
import { ColleagueProblem, OrganisationTrust, reverify, TrustChangedAgain } from '../trust';
import { actionError } from './CasePage';

/** Two fingerprints side by side, so a person can read both out to whoever they compare with. */
function Fingerprints(props: { expectedLabel: string; expected: string; offeredLabel: string; offered: string | null }) {
  const { t } = useI18n();
  return (
    <dl className="facts fingerprints">
      <dt>{props.expectedLabel}</dt>
      <dd className="mono" data-testid="fingerprint-expected">
        {props.expected}
      </dd>
      <dt>{props.offeredLabel}</dt>
      <dd className="mono" data-testid="fingerprint-offered">
        {props.offered ?? t('trust.noKey')}
      </dd>
    </dl>
  );
}

/**
 * The explicit re-verification of a changed fingerprint: a confirmation that it was
 * compared out of band, then the button. Recorded in the audit log (trust.ts `reverify`).
 */
function Reverify(props: { session: StaffSession; subject: Parameters<typeof reverify>[1]; name: string; onDone: () => Promise<void> | void }) {
  const { t } = useI18n();
  const id = useId();
  const [compared, setCompared] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (!compared) return setError(t('trust.mustCompare'));
    setBusy(true);
    setError(null);
    try {
      await reverify(props.session, props.subject);
      await props.onDone();
    } catch (err) {
      setError(err instanceof TrustChangedAgain ? t('trust.changedAgain') : actionError(t, err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="reverify">
      <div className="choice">
        <input id={`${id}-compared`} type="checkbox" checked={compared} onChange={(e) => setCompared(e.target.checked)} />
        <label htmlFor={`${id}-compared`}>{t('trust.compared', { name: props.name })}</label>
      </div>
      <button type="button" disabled={busy} onClick={() => void submit()}>
        {t('trust.reverify')}
      </button>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * What the console thinks of the organisation's keys, shown on every page that seals:
 * nothing when the signed directory verified against the pinned fingerprint, a
 * warning without a directory, an alert (and no sealing) when the keys changed or the
 * directory does not verify.
 */
export function OrganisationTrustNotice(props: { session: StaffSession; trust: OrganisationTrust; onChange: () => Promise<void> | void }) {
  const { t } = useI18n();
  const { trust } = props;
  if (trust.kind === 'verified') return null;
  if (trust.kind === 'unsigned') {
    return (
      <p className="warning" data-testid="trust-unsigned">
        {t('trust.unsigned')}
      </p>
    );
  }
  if (trust.kind === 'invalid') {
    return (
      <div className="trust-alert" role="alert" data-testid="trust-organisation-invalid">
        <p>{trust.reason === 'history' ? t('trust.invalidHistory') : t('trust.invalidSignature')}</p>
        <p>{t('trust.nothingSealed')}</p>
      </div>
    );
  }
  return (
    <div className="trust-alert" role="alert" data-testid="trust-organisation-changed">
      <p>{trust.offered ? t('trust.orgChanged') : t('trust.orgGone')}</p>
      <Fingerprints expectedLabel={t('trust.orgPinned')} expected={trust.pinned} offeredLabel={t('trust.orgOffered')} offered={trust.offered} />
      <p>{t('trust.orgCompare')}</p>
      {trust.offered && <Reverify session={props.session} subject={{ organisation: trust }} name={t('trust.theOrganisation')} onDone={props.onChange} />}
    </div>
  );
}

/** Why a case key was not sealed to a colleague, with both fingerprints where they differ. */
export function ColleagueProblemNotice(props: {
  session: StaffSession;
  problem: ColleagueProblem;
  userId: string;
  name: string;
  onChange: () => Promise<void> | void;
}) {
  const { t } = useI18n();
  const { problem, name } = props;
  return (
    <div className="trust-alert" role="alert" data-testid="trust-colleague-problem" data-problem={problem.kind}>
      {problem.kind === 'unlisted' && <p>{t('trust.unlisted', { name })}</p>}
      {problem.kind === 'organisation' && <p>{t('trust.organisationBlocks')}</p>}
      {problem.kind === 'mismatch' && (
        <>
          <p>{t('trust.mismatch', { name })}</p>
          <Fingerprints
            expectedLabel={t('trust.signedFingerprint')}
            expected={problem.expected}
            offeredLabel={t('trust.offeredFingerprint')}
            offered={problem.offered}
          />
        </>
      )}
      {problem.kind === 'changed' && (
        <>
          <p>{t('trust.changed', { name })}</p>
          <Fingerprints
            expectedLabel={t('trust.pinnedFingerprint')}
            expected={problem.pinned}
            offeredLabel={t('trust.offeredFingerprint')}
            offered={problem.offered}
          />
          <p>{t('trust.compare', { name })}</p>
          {problem.reverifiable && (
            <Reverify session={props.session} subject={{ userId: props.userId, fingerprint: problem.offered }} name={name} onDone={props.onChange} />
          )}
        </>
      )}
      <p>{t('trust.nothingSealed')}</p>
    </div>
  );
}

/** A seal the console refused, for the section that tried it to show. */
export interface Refusal {
  problem: ColleagueProblem;
  userId: string;
  name: string;
}

/** The refusal in `err` when it is a SealRefused (named as the organisation signed it); any other error is thrown on. */
export function refusalOf(err: unknown, opened: OpenedCase, colleague: Colleague): Refusal {
  if (!(err instanceof SealRefused)) throw err;
  return { problem: err.problem, userId: colleague.userId, name: opened.directory.name(colleague.userId) ?? colleague.displayName };
}

/** A section's refused seal, if any; a re-verification clears it and reloads the case. */
export function RefusalNotice(props: { session: StaffSession; refusal: Refusal | null; onChange: () => Promise<void> }) {
  if (!props.refusal) return null;
  return (
    <ColleagueProblemNotice
      session={props.session}
      problem={props.refusal.problem}
      userId={props.refusal.userId}
      name={props.refusal.name}
      onChange={props.onChange}
    />
  );
}

/**
 * A section's refused seal: `refuse` records the SealRefused in `err` (any other error is thrown on), and `notice`
 * shows it until a re-verification clears it and reloads the case.
 */
export function useRefusal(session: StaffSession, opened: OpenedCase, reload: () => Promise<void>) {
  const [refused, setRefused] = useState<Refusal | null>(null);
  return {
    clear: () => setRefused(null),
    refuse: (err: unknown, colleague: Colleague) => setRefused(refusalOf(err, opened, colleague)),
    notice: (
      <RefusalNotice
        session={session}
        refusal={refused}
        onChange={async () => {
          // The case first, with the trust as it is now; only then does the notice go, so a seal tried the
          // moment it is gone never uses the keys the page held before the re-verification.
          await reload();
          setRefused(null);
        }}
      />
    ),
  };
}
