import { useCallback, useEffect, useState } from 'react';
import { CryptoError } from '@kanava/crypto';
import { useI18n } from '../../shared/i18n';
import { StatusLine } from '../../shared/status-line';
import type { PageProps } from '../page-props';
import { Grant, resealIdentity, SealRefused } from '../case-client';
import { formatDate, StaffShell } from '../layout';
import { ColleagueProblem, fingerprintOf, loadTrust, TrustedDirectory } from '../trust';
import { actionError } from './CasePage';
import { ColleagueProblemNotice, OrganisationTrustNotice } from './TrustNotices';

interface IdentityRequest {
  requestId: string;
  caseId: string;
  reference: string;
  reason: string;
  requestedAt: string;
  reporterSignPublicKey: string;
  identityKeyId: string | null;
  requester: { userId: string; displayName: string; boxPublicKey: string; signPublicKey: string };
  identityGrant: Grant | null;
}

/**
 * The custodian's decisions on identity requests (R20). Approving checks the
 * custodian's own identity grant (signature and key id), opens it in this browser
 * and seals the key to the requester's public key, which the organisation's signed
 * key directory and this person's trust list must vouch for (trust.ts).
 */
export function IdentityRequests(props: PageProps) {
  const { t, language } = useI18n();
  const { session } = props;
  const [requests, setRequests] = useState<IdentityRequest[] | null>(null);
  const [directory, setDirectory] = useState<TrustedDirectory | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [refused, setRefused] = useState<{ requestId: string; problem: ColleagueProblem } | null>(null);

  const load = useCallback(async () => {
    try {
      const [list, dir] = await Promise.all([session.api.get<IdentityRequest[]>('/api/staff/identity-requests'), loadTrust(session)]);
      setRequests(list);
      setDirectory(dir);
    } catch {
      setStatus({ ok: false, text: t('error.load') });
    }
  }, [session, t]);
  useEffect(() => {
    void load();
  }, [load]);

  const approve = async (r: IdentityRequest) => {
    setStatus(null);
    setRefused(null);
    if (!directory || !r.identityGrant) return setStatus({ ok: false, text: t('custodian.keyMismatch') });
    try {
      // Invariant: the key is sealed only to keys the signed directory lists for the requester and this custodian pinned.
      const grant = resealIdentity(session, { ...r, identityGrant: r.identityGrant }, r.requester, directory);
      await session.api.post(`/api/staff/identity-requests/${r.requestId}/approve`, { grant });
      setStatus({ ok: true, text: t('custodian.approved', { reference: r.reference }) });
      setConfirming(null);
      await load();
    } catch (err) {
      if (err instanceof SealRefused) {
        setConfirming(null);
        return setRefused({ requestId: r.requestId, problem: err.problem });
      }
      // The custodian's own grant does not verify or does not hold the case's identity key: nothing is passed on.
      if (err instanceof CryptoError) return setStatus({ ok: false, text: t('custodian.keyMismatch') });
      setStatus({ ok: false, text: actionError(t, err) });
    }
  };
  const deny = async (r: IdentityRequest) => {
    try {
      await session.api.post(`/api/staff/identity-requests/${r.requestId}/deny`);
      setStatus({ ok: true, text: t('custodian.denied', { reference: r.reference }) });
      await load();
    } catch (err) {
      setStatus({ ok: false, text: actionError(t, err) });
    }
  };

  return (
    <StaffShell {...props} heading={t('custodian.title')} headingKey="identity-requests">
      <p>{t('custodian.intro')}</p>
      {directory && <OrganisationTrustNotice session={session} trust={directory.organisation} onChange={load} />}
      <StatusLine status={status} />
      {!requests && !status && <p role="status">{t('common.loading')}</p>}
      {requests && requests.length === 0 && <p>{t('custodian.none')}</p>}
      {requests && requests.length > 0 && (
        <ul className="messages">
          {requests.map((r) => {
            const name = directory?.name(r.requester.userId) ?? r.requester.displayName;
            return (
              <li key={r.requestId} data-request-id={r.requestId}>
                <p className="meta">{t('custodian.request', { reference: r.reference, name, date: formatDate(r.requestedAt, language, true) })}</p>
                <p className="pre">{r.reason}</p>
                {/* Computed here from the keys the request names, never taken from the server. */}
                <p className="hint">
                  {t('custodian.fingerprint')} <span className="mono">{fingerprintOf(r.requester)}</span>
                </p>
                {refused?.requestId === r.requestId && (
                  <ColleagueProblemNotice
                    session={session}
                    problem={refused.problem}
                    userId={r.requester.userId}
                    name={name}
                    onChange={async () => {
                      setRefused(null);
                      await load();
                    }}
                  />
                )}
                {confirming === r.requestId ? (
                  <div className="actions">
                    <span>{t('custodian.confirm', { name })}</span>
                    <button type="button" className="primary" onClick={() => void approve(r)}>
                      {t('custodian.approveYes')}
                    </button>
                    <button type="button" onClick={() => setConfirming(null)}>
                      {t('common.cancel')}
                    </button>
                  </div>
                ) : (
                  <div className="actions">
                    <button type="button" onClick={() => setConfirming(r.requestId)}>
                      {t('custodian.approve')}
                    </button>
                    <button type="button" onClick={() => void deny(r)}>
                      {t('custodian.deny')}
                    </button>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </StaffShell>
  );
}
