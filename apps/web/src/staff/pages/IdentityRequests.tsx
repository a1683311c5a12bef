import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../shared/i18n';
import type { PageProps } from '../App';
import { Colleague, fetchDirectory, Grant, resealIdentity } from '../case-client';
import { formatDate, StaffShell } from '../layout';
import { actionError } from './CasePage';

interface IdentityRequest {
  requestId: string;
  caseId: string;
  reference: string;
  reason: string;
  requestedAt: string;
  requester: { userId: string; displayName: string; boxPublicKey: string; signPublicKey: string };
  identityGrant: Grant | null;
}

/**
 * The custodian's decisions on identity requests (R20). Approving opens the
 * custodian's own identity grant in this browser and seals the key to the
 * requester's public key, which must match the colleague directory.
 */
export function IdentityRequests(props: PageProps) {
  const { t, language } = useI18n();
  const { session } = props;
  const [requests, setRequests] = useState<IdentityRequest[] | null>(null);
  const [directory, setDirectory] = useState<Colleague[]>([]);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);

  const load = useCallback(async () => {
    try {
      const [list, dir] = await Promise.all([session.api.get<IdentityRequest[]>('/api/staff/identity-requests'), fetchDirectory(session)]);
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
    const known = directory.find((c) => c.userId === r.requester.userId);
    // Invariant: the key is sealed only to the public key the directory lists for the requester.
    if (!known || known.boxPublicKey !== r.requester.boxPublicKey || known.signPublicKey !== r.requester.signPublicKey || !r.identityGrant) {
      return setStatus({ ok: false, text: t('custodian.keyMismatch') });
    }
    try {
      const grant = resealIdentity(session, r.caseId, r.identityGrant, r.requester);
      await session.api.post(`/api/staff/identity-requests/${r.requestId}/approve`, { grant });
      setStatus({ ok: true, text: t('custodian.approved', { reference: r.reference }) });
      setConfirming(null);
      await load();
    } catch (err) {
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
      {status && (
        <p className={status.ok ? 'ok' : 'error-text'} role={status.ok ? 'status' : 'alert'}>
          {status.text}
        </p>
      )}
      {!requests && !status && <p role="status">{t('common.loading')}</p>}
      {requests && requests.length === 0 && <p>{t('custodian.none')}</p>}
      {requests && requests.length > 0 && (
        <ul className="messages">
          {requests.map((r) => {
            const known = directory.find((c) => c.userId === r.requester.userId);
            return (
              <li key={r.requestId} data-request-id={r.requestId}>
                <p className="meta">
                  {t('custodian.request', { reference: r.reference, name: r.requester.displayName, date: formatDate(r.requestedAt, language, true) })}
                </p>
                <p className="pre">{r.reason}</p>
                {known && <p className="hint">{t('custodian.fingerprint', { fingerprint: known.fingerprint })}</p>}
                {confirming === r.requestId ? (
                  <div className="actions">
                    <span>{t('custodian.confirm', { name: r.requester.displayName })}</span>
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
