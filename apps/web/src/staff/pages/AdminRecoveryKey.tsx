import { FormEvent, useCallback, useEffect, useState } from 'react';
import { fromB64, recoveryFingerprint, toB64 } from '@kanava/crypto';
import { parsePublicKey } from '../public-key';
import { useI18n } from '../../shared/i18n';
import type { PageProps } from '../page-props';
import { StaffShell } from '../layout';
import { Link } from '../router';
import { ApiError } from '../staff-api';
import { actionError } from './CasePage';
import { ErrorList } from './NewPassword';

/**
 * The organisation recovery key (CRYPTO.md "Keys"): the break-glass grantee of
 * every case key. Its private half is made and kept offline (`npm run cli --
 * recovery-key:generate` on a computer apart from the server), never in a page
 * this server serves; the admin pastes the public half, checks its fingerprint
 * against the one printed with the key, and sets it. The server takes it once and
 * never lets an admin replace it, so the page says so when it is set.
 */
export function AdminRecoveryKey(props: PageProps) {
  const { t } = useI18n();
  const { session } = props;
  const [current, setCurrent] = useState<string | null | undefined>(undefined);
  const [text, setText] = useState('');
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const candidate = parsePublicKey(text);

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

  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (!candidate) return setErrors([t('admin.recovery.invalid')]);
    if (!checked) return setErrors([t('admin.recovery.mustConfirm')]);
    setErrors([]);
    setBusy(true);
    try {
      const publicKey = toB64(candidate);
      await session.api.put('/api/admin/organisation/recovery-key', { publicKey });
      // From now on the server asks for the recovery key among the grantees of every key this tab seals.
      session.recoveryPublicKey = publicKey;
      setCurrent(publicKey);
      setText('');
      setSaved(true);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'recovery_key_set') {
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
    <StaffShell {...props} heading={t('admin.recovery.title')} headingKey="admin-recovery">
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
          <p>
            {t('admin.recovery.directoryNext')}{' '}
            <Link to="/staff/admin/key-directory" navigate={props.navigate}>
              {t('nav.keyDirectory')}
            </Link>
          </p>
        </section>
      )}
      {current === null && (
        <form onSubmit={(e) => void send(e)} noValidate aria-labelledby="recovery-new-heading">
          <h2 id="recovery-new-heading">{t('admin.recovery.noneTitle')}</h2>
          <p>{t('admin.recovery.noneText')}</p>
          <p>{t('admin.recovery.howText')}</p>
          <pre className="mono">npm run cli -- recovery-key:generate</pre>
          <div className="field">
            <label htmlFor="recovery-public-key">{t('admin.recovery.publicKey')}</label>
            <input
              id="recovery-public-key"
              className="mono"
              autoComplete="off"
              spellCheck={false}
              value={text}
              onChange={(e) => (setText(e.target.value), setChecked(false))}
              aria-describedby="recovery-public-key-hint"
            />
            <p className="hint" id="recovery-public-key-hint">
              {t('admin.recovery.publicKeyHint')}
            </p>
          </div>
          {candidate && (
            <>
              <dl className="facts">
                <dt>{t('admin.recovery.fingerprint')}</dt>
                <dd className="mono" data-testid="recovery-candidate-fingerprint">
                  {recoveryFingerprint(candidate)}
                </dd>
              </dl>
              <div className="choice">
                <input id="recovery-checked" type="checkbox" checked={checked} onChange={(e) => setChecked(e.target.checked)} />
                <label htmlFor="recovery-checked">{t('admin.recovery.confirm')}</label>
              </div>
            </>
          )}
          <ErrorList errors={errors} />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {t('admin.recovery.send')}
            </button>
          </div>
        </form>
      )}
      {current !== null && <ErrorList errors={errors} />}
    </StaffShell>
  );
}
