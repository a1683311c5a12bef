import { FormEvent, useCallback, useEffect, useState } from 'react';
import { fromB64, generateStaffKeys, recoveryFingerprint, toB64 } from '@kanava/crypto';
import { useI18n } from '../../shared/i18n';
import type { PageProps } from '../App';
import { formatDate, StaffShell } from '../layout';
import { SecretSheet } from '../secret-sheet';
import { ApiError } from '../staff-api';
import { actionError } from './CasePage';
import { ErrorList } from './NewPassword';

/** A recovery key pair made in this browser and not yet sent: the secret half is shown once, then dropped. */
interface Pending {
  publicKey: string;
  secretKey: string;
  fingerprint: string;
}

/**
 * The organisation recovery key (CRYPTO.md "Keys"): the break-glass grantee of
 * every case key. The key pair is made here; the secret half is shown once to
 * print or save and is never sent; the public half is set only after the admin
 * confirms the secret is kept. The server takes it once and never lets an admin
 * replace it, so the page says so when it is set.
 */
export function AdminRecoveryKey(props: PageProps) {
  const { t, language } = useI18n();
  const { session } = props;
  const [current, setCurrent] = useState<string | null | undefined>(undefined);
  const [pending, setPending] = useState<Pending | null>(null);
  const [kept, setKept] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);

  const load = useCallback(async () => {
    try {
      const me = await session.api.get<{ organisation: { recoveryPublicKey: string | null } }>('/api/auth/me');
      setCurrent(me.organisation.recoveryPublicKey);
    } catch {
      setErrors([t('error.load')]);
    }
  }, [session, t]);
  useEffect(() => {
    void load();
  }, [load]);

  const make = () => {
    const { box, sign } = generateStaffKeys();
    // Only the box half is a recovery key; the sign key made alongside is not used.
    sign.secretKey.fill(0);
    setPending({ publicKey: toB64(box.publicKey), secretKey: toB64(box.secretKey), fingerprint: recoveryFingerprint(box.publicKey) });
    box.secretKey.fill(0);
    setKept(false);
    setErrors([]);
  };

  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (!pending) return;
    if (!kept) return setErrors([t('admin.recovery.mustConfirm')]);
    setErrors([]);
    setBusy(true);
    try {
      await session.api.put('/api/admin/organisation/recovery-key', { publicKey: pending.publicKey });
      // From now on the server asks for the recovery key among the grantees of every key this tab seals.
      session.recoveryPublicKey = pending.publicKey;
      setCurrent(pending.publicKey);
      setPending(null);
      setSaved(true);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'recovery_key_set') {
        // Another admin was quicker: the key made here is useless, and its secret goes.
        setPending(null);
        setErrors([t('apiError.recovery_key_set')]);
        await load();
      } else {
        setErrors([actionError(t, err)]);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <StaffShell {...props} heading={t('admin.recovery.title')} headingKey={`admin-recovery-${pending ? 'pending' : 'view'}`}>
      {current === undefined && errors.length === 0 && <p role="status">{t('common.loading')}</p>}
      {saved && (
        <p className="ok" role="status">
          {t('admin.recovery.saved')}
        </p>
      )}
      {current && (
        <section className="panel" aria-labelledby="recovery-set-heading" data-testid="recovery-key-set">
          <h2 id="recovery-set-heading">{t('admin.recovery.setTitle')}</h2>
          <p>{t('admin.recovery.setText')}</p>
          <dl className="facts">
            <dt>{t('admin.recovery.fingerprint')}</dt>
            <dd className="mono" data-testid="recovery-fingerprint">
              {recoveryFingerprint(fromB64(current, 32))}
            </dd>
          </dl>
        </section>
      )}
      {current === null && !pending && (
        <section className="panel" aria-labelledby="recovery-new-heading">
          <h2 id="recovery-new-heading">{t('admin.recovery.noneTitle')}</h2>
          <p>{t('admin.recovery.noneText')}</p>
          <p>{t('admin.recovery.howText')}</p>
          <div className="actions">
            <button type="button" className="primary" onClick={make}>
              {t('admin.recovery.make')}
            </button>
          </div>
        </section>
      )}
      {current === null && pending && (
        <form onSubmit={(e) => void send(e)} noValidate>
          <SecretSheet
            id="organisation-recovery-key"
            title={t('admin.recovery.secretTitle')}
            intro={t('admin.recovery.secretIntro')}
            values={[pending.secretKey]}
            fileName="kanava-organisation-recovery-key.txt"
            fileHeader={[
              t('admin.recovery.secretTitle'),
              t('admin.recovery.fileFingerprint', { fingerprint: pending.fingerprint }),
              formatDate(new Date().toISOString(), language),
            ]}
          >
            <p className="mono">{t('admin.recovery.fileFingerprint', { fingerprint: pending.fingerprint })}</p>
          </SecretSheet>
          <div className="choice">
            <input id="recovery-kept" type="checkbox" checked={kept} onChange={(e) => setKept(e.target.checked)} />
            <label htmlFor="recovery-kept">{t('admin.recovery.confirm')}</label>
          </div>
          <ErrorList errors={errors} />
          <div className="actions no-print">
            <button type="submit" className="primary" disabled={busy}>
              {t('admin.recovery.send')}
            </button>
            <button type="button" onClick={() => (setPending(null), setErrors([]))}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
      {!pending && <ErrorList errors={errors} />}
    </StaffShell>
  );
}
