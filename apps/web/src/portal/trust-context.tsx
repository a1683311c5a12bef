import { createContext, ReactNode, useContext } from 'react';
import { useI18n } from '../shared/i18n';
import { PortalTrust, pinProblem, SendProblem } from './org-trust';

/** The organisation's verified keys and the fingerprint the reporter brought (the QR code's, or typed from their saved file). */
export interface PortalTrustState {
  trust: PortalTrust;
  pinned: string | null;
  setPinned: (fingerprint: string | null) => void;
}

const PortalTrustContext = createContext<PortalTrustState | null>(null);

export function PortalTrustProvider(props: { value: PortalTrustState; children: ReactNode }) {
  return <PortalTrustContext.Provider value={props.value}>{props.children}</PortalTrustContext.Provider>;
}

export function usePortalTrust(): PortalTrustState {
  const state = useContext(PortalTrustContext);
  if (!state) throw new Error('usePortalTrust outside PortalTrustProvider');
  return state;
}

/**
 * The organisation fingerprint in words a reporter understands, with what it is for
 * and where else the organisation publishes it; whether it matches the one the
 * reporter brought; and plainly, when nothing can be checked or the check fails.
 */
export function OrgFingerprint(props: { id: string }) {
  const { t } = useI18n();
  const { trust, pinned } = usePortalTrust();
  const mismatch = pinProblem(trust, pinned);
  return (
    <section className="fingerprint-box" aria-labelledby={`${props.id}-heading`} data-testid="org-fingerprint-box">
      <h2 id={`${props.id}-heading`}>{t('trust.title')}</h2>
      {trust.kind === 'verified' && (
        <>
          <p>{t('trust.explain')}</p>
          <p className="fingerprint mono" data-testid="org-fingerprint">
            {trust.fingerprint}
          </p>
          <p>{t('trust.published')}</p>
        </>
      )}
      {trust.kind === 'unsigned' && (
        <p className="warning" data-testid="org-unsigned">
          {t('trust.unsigned')}
        </p>
      )}
      {trust.kind === 'invalid' && (
        <p className="errors" role="alert" data-testid="org-invalid">
          {t('trust.invalid')}
        </p>
      )}
      {pinned && !mismatch && (
        <p className="ok" data-testid="org-pinned-match">
          {t('trust.pinnedMatch')}
        </p>
      )}
      {mismatch && <SendProblemNotice problem={mismatch} />}
    </section>
  );
}

/** Why the portal does not send, with both fingerprints when they differ. */
export function SendProblemNotice(props: { problem: SendProblem }) {
  const { t } = useI18n();
  const { problem } = props;
  return (
    <div className="errors" role="alert" data-testid="send-refused" data-problem={problem.kind}>
      {problem.kind === 'pin-mismatch' && (
        <>
          <p>{t('trust.mismatch')}</p>
          <dl className="fingerprints">
            <dt>{t('trust.pinnedLabel')}</dt>
            <dd className="mono" data-testid="fingerprint-pinned">
              {problem.pinned}
            </dd>
            <dt>{t('trust.shownLabel')}</dt>
            <dd className="mono" data-testid="fingerprint-shown">
              {problem.offered ?? t('trust.none')}
            </dd>
          </dl>
        </>
      )}
      {problem.kind === 'directory-invalid' && <p>{t('trust.invalid')}</p>}
      {problem.kind === 'recipient-unlisted' && <p>{t('trust.unlisted', { name: problem.name })}</p>}
      <p>{t('trust.doNotSend')}</p>
    </div>
  );
}
