import { FormEvent, useCallback, useEffect, useState } from 'react';
import {
  bytesEqual,
  CryptoError,
  directoryKeyPair,
  directoryTime,
  fingerprint,
  fromB64,
  organisationFingerprint,
  parseDirectorySecretKey,
  signDirectoryEntries,
  toB64,
  verifyDirectory,
} from '@kanava/crypto';
import { useI18n } from '../../shared/i18n';
import type { PageProps } from '../page-props';
import { formatDate, StaffShell } from '../layout';
import { ApiError } from '../staff-api';
import { parsePublicKey } from '../public-key';
import { loadOrganisationTrust, OrganisationView } from '../trust';
import { actionError } from './CasePage';
import { ErrorList } from './NewPassword';
import { OrganisationTrustNotice } from './TrustNotices';

/** One account whose listing differs from its newest signed entry (`GET /api/admin/key-directory/pending`). */
interface PendingChange {
  action: 'add' | 'replace' | 'remove';
  reason: 'new' | 'returned' | 'keys' | 'roles' | 'name' | 'expired' | 'role_removed' | 'deactivated';
  userId: string;
  roles: ('custodian' | 'handler')[];
  displayName: string;
  boxPublicKey: string;
  signPublicKey: string;
}

interface Pending {
  head: { seq: number; hash: string } | null;
  changes: PendingChange[];
}

const changeKey = (c: PendingChange) => `${c.action}:${c.userId}`;
const REASONS = ['new', 'returned', 'keys', 'roles', 'name', 'expired', 'role_removed', 'deactivated'] as const;

/**
 * The organisation key directory (docs/key-directory.md): its fingerprint, the
 * directory key set once, the changes waiting to be signed and the signed history.
 * Signing happens here, in this browser: the admin loads the offline directory key
 * from its file or printout, compares each person's fingerprint with them out of
 * band, and signs the chosen changes; the key is zeroed right after and never sent.
 */
export function AdminKeyDirectory(props: PageProps) {
  const { t, language } = useI18n();
  const { session } = props;
  const [view, setView] = useState<OrganisationView | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [keyText, setKeyText] = useState('');
  const [validUntil, setValidUntil] = useState('');
  const [newKey, setNewKey] = useState('');
  const [keyChecked, setKeyChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [loaded, waiting] = await Promise.all([loadOrganisationTrust(session), session.api.get<Pending>('/api/admin/key-directory/pending')]);
      setView(loaded);
      setPending(waiting);
      setChosen(new Set());
    } catch {
      setErrors([t('error.load')]);
    }
  }, [session, t]);
  useEffect(() => {
    void load();
  }, [load]);

  const candidate = parsePublicKey(newKey);
  const recoveryKey = view?.keys.recoveryPublicKey ? fromB64(view.keys.recoveryPublicKey, 32) : null;

  const setDirectoryKey = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    if (!candidate) return setErrors([t('keydir.keyInvalid')]);
    if (!keyChecked) return setErrors([t('keydir.keyMustConfirm')]);
    setErrors([]);
    setBusy(true);
    try {
      await session.api.put('/api/admin/organisation/directory-key', { publicKey: toB64(candidate) });
      setNewKey('');
      setDone(t('keydir.keySaved'));
      await load();
    } catch (err) {
      setErrors([actionError(t, err)]);
    } finally {
      setBusy(false);
    }
  };

  const readKeyFile = async (files: FileList | null) => {
    const file = files?.[0];
    if (file) setKeyText(await file.text());
  };

  const sign = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    if (!view || !pending || !view.directory || !view.keys.directoryPublicKey) return;
    const selected = pending.changes.filter((c) => chosen.has(changeKey(c)));
    if (selected.length === 0) return setErrors([t('keydir.chooseChanges')]);
    let seed: Uint8Array;
    try {
      seed = parseDirectorySecretKey(keyText);
    } catch {
      return setErrors([t('keydir.secretInvalid')]);
    }
    const pair = directoryKeyPair(seed);
    try {
      // The key must be the one the organisation fingerprint covers, or the entries would not verify anywhere.
      if (!bytesEqual(pair.publicKey, fromB64(view.keys.directoryPublicKey, 32))) return setErrors([t('keydir.secretWrong')]);
      const until = validUntil ? directoryTime(new Date(`${validUntil}T23:59:59Z`)) : null;
      const entries = signDirectoryEntries({
        organisationId: view.keys.id,
        head: view.directory.head,
        changes: selected.map((c) => ({
          action: c.action,
          userId: c.userId,
          roles: c.roles,
          displayName: c.displayName,
          boxPublicKey: fromB64(c.boxPublicKey, 32),
          signPublicKey: fromB64(c.signPublicKey, 32),
          validUntil: c.action === 'remove' ? null : until,
        })),
        secretKey: pair.secretKey,
        signedAt: directoryTime(new Date()),
      });
      // Checked here before anything is sent: the entries continue the log this page verified, by its rules.
      verifyDirectory({ organisationId: view.keys.id, entries: [...view.log.entries, ...entries] }, view.keys.id, pair.publicKey);
      setBusy(true);
      setErrors([]);
      await session.api.post('/api/admin/key-directory/entries', { entries });
      setKeyText('');
      setDone(t('keydir.signed', { n: entries.length }));
      await load();
    } catch (err) {
      if (err instanceof CryptoError) setErrors([t('keydir.signFailed')]);
      else if (err instanceof ApiError && err.code === 'directory_stale') {
        setErrors([t('keydir.stale')]);
        await load();
      } else setErrors([actionError(t, err)]);
    } finally {
      seed.fill(0);
      pair.secretKey.fill(0);
      setBusy(false);
    }
  };

  const toggle = (c: PendingChange, on: boolean) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (on) next.add(changeKey(c));
      else next.delete(changeKey(c));
      return next;
    });

  const roleNames = (roles: string[]) => roles.map((r) => t(`role.${r}`)).join(', ');
  const changeLabel = (c: PendingChange) => {
    const values = { name: c.displayName, roles: roleNames(c.roles) };
    if (c.action === 'add') return t('keydir.changeAdd', values);
    return c.action === 'replace' ? t('keydir.changeReplace', values) : t('keydir.changeRemove', values);
  };
  const actionLabels = { add: t('keydir.action.add'), replace: t('keydir.action.replace'), remove: t('keydir.action.remove') };
  const hasDirectoryKey = !!view?.keys.directoryPublicKey;
  const orgFingerprint =
    view?.keys.recoveryPublicKey && view.keys.directoryPublicKey ? organisationFingerprint(recoveryKey!, fromB64(view.keys.directoryPublicKey, 32)) : null;
  const trusted = view?.organisation.kind === 'verified';

  return (
    <StaffShell {...props} heading={t('keydir.title')} headingKey="admin-key-directory">
      <p>{t('keydir.intro')}</p>
      {!view && errors.length === 0 && <p role="status">{t('common.loading')}</p>}
      {done && (
        <p className="ok" role="status">
          {done}
        </p>
      )}
      {view && <OrganisationTrustNotice session={session} trust={view.organisation} onChange={load} />}
      {view && !recoveryKey && <p className="warning">{t('keydir.noRecovery')}</p>}

      {view && orgFingerprint && (
        <section className="panel" aria-labelledby="keydir-fingerprint-heading">
          <h2 id="keydir-fingerprint-heading">{t('keydir.fingerprintTitle')}</h2>
          <p className="fingerprint-large mono" data-testid="organisation-fingerprint">
            {orgFingerprint}
          </p>
          <p>{t('keydir.fingerprintText')}</p>
        </section>
      )}

      {view && recoveryKey && !hasDirectoryKey && (
        <form onSubmit={(e) => void setDirectoryKey(e)} noValidate aria-labelledby="keydir-key-heading">
          <h2 id="keydir-key-heading">{t('keydir.keyTitle')}</h2>
          <p className="warning">{t('keydir.noKey')}</p>
          <p>{t('keydir.keyHow')}</p>
          <pre className="mono">npm run cli -- directory-key:generate --recovery-public-key {view.keys.recoveryPublicKey}</pre>
          <div className="field">
            <label htmlFor="directory-public-key">{t('keydir.publicKey')}</label>
            <input
              id="directory-public-key"
              className="mono"
              autoComplete="off"
              spellCheck={false}
              value={newKey}
              onChange={(e) => (setNewKey(e.target.value), setKeyChecked(false))}
            />
          </div>
          {candidate && (
            <>
              <p>
                {t('keydir.candidateFingerprint')}{' '}
                <span className="mono" data-testid="candidate-organisation-fingerprint">
                  {organisationFingerprint(recoveryKey, candidate)}
                </span>
              </p>
              <div className="choice">
                <input id="directory-key-checked" type="checkbox" checked={keyChecked} onChange={(e) => setKeyChecked(e.target.checked)} />
                <label htmlFor="directory-key-checked">{t('keydir.keyConfirm')}</label>
              </div>
            </>
          )}
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {t('keydir.keySave')}
            </button>
          </div>
        </form>
      )}

      <ErrorList errors={errors} />

      {view && hasDirectoryKey && trusted && pending && (
        <form onSubmit={(e) => void sign(e)} noValidate aria-labelledby="keydir-pending-heading">
          <h2 id="keydir-pending-heading">{t('keydir.pendingTitle')}</h2>
          {pending.changes.length === 0 ? (
            <p data-testid="directory-up-to-date">{t('keydir.nothingPending')}</p>
          ) : (
            <>
              <p>{t('keydir.pendingText')}</p>
              <ul className="pending-changes">
                {pending.changes.map((c) => (
                  <li key={changeKey(c)} data-user-id={c.userId}>
                    <div className="choice">
                      <input
                        id={`change-${c.action}-${c.userId}`}
                        type="checkbox"
                        checked={chosen.has(changeKey(c))}
                        onChange={(e) => toggle(c, e.target.checked)}
                      />
                      <label htmlFor={`change-${c.action}-${c.userId}`}>{changeLabel(c)}</label>
                    </div>
                    <p className="hint">{t(`keydir.reason.${REASONS.includes(c.reason) ? c.reason : 'new'}`)}</p>
                    <p>
                      {t('keydir.personFingerprint')}{' '}
                      <span className="mono" data-testid="pending-fingerprint">
                        {fingerprint(fromB64(c.boxPublicKey, 32), fromB64(c.signPublicKey, 32))}
                      </span>
                    </p>
                  </li>
                ))}
              </ul>
              <div className="field">
                <label htmlFor="directory-key-file">{t('keydir.keyFile')}</label>
                <input id="directory-key-file" type="file" accept=".txt,text/plain" onChange={(e) => void readKeyFile(e.target.files)} />
              </div>
              <div className="field">
                <label htmlFor="directory-secret">{t('keydir.secret')}</label>
                <textarea
                  id="directory-secret"
                  className="mono"
                  rows={3}
                  autoComplete="off"
                  spellCheck={false}
                  value={keyText}
                  onChange={(e) => setKeyText(e.target.value)}
                  aria-describedby="directory-secret-hint"
                />
                <p className="hint" id="directory-secret-hint">
                  {t('keydir.secretHint')}
                </p>
              </div>
              <div className="field">
                <label htmlFor="directory-valid-until">{t('keydir.validUntil')}</label>
                <input
                  id="directory-valid-until"
                  type="date"
                  value={validUntil}
                  onChange={(e) => setValidUntil(e.target.value)}
                  aria-describedby="directory-valid-hint"
                />
                <p className="hint" id="directory-valid-hint">
                  {t('keydir.validUntilHint')}
                </p>
              </div>
              <div className="actions">
                <button type="submit" className="primary" disabled={busy}>
                  {t('keydir.sign')}
                </button>
              </div>
            </>
          )}
        </form>
      )}

      {view?.directory && view.directory.entries.length > 0 && (
        <section aria-labelledby="keydir-history-heading">
          <h2 id="keydir-history-heading">{t('keydir.historyTitle')}</h2>
          <table className="history" data-testid="directory-history">
            <thead>
              <tr>
                <th scope="col">{t('keydir.col.seq')}</th>
                <th scope="col">{t('keydir.col.signedAt')}</th>
                <th scope="col">{t('keydir.col.change')}</th>
                <th scope="col">{t('keydir.col.person')}</th>
                <th scope="col">{t('keydir.col.fingerprint')}</th>
                <th scope="col">{t('keydir.col.validUntil')}</th>
              </tr>
            </thead>
            <tbody>
              {[...view.directory.entries].reverse().map((e) => (
                <tr key={e.seq} data-action={e.action}>
                  <td>{e.seq}</td>
                  <td>{formatDate(e.signedAt, language, true)}</td>
                  <td>{actionLabels[e.action]}</td>
                  <td>
                    {e.displayName} ({roleNames(e.roles)})
                  </td>
                  <td className="mono">{fingerprint(e.boxPublicKey, e.signPublicKey)}</td>
                  <td>{e.validUntil ? formatDate(e.validUntil, language) : t('keydir.noExpiry')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </StaffShell>
  );
}
