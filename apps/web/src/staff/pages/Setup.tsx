import { FormEvent, useEffect, useState } from 'react';
import { useI18n } from '../../shared/i18n';
import { StatusLine, type Status } from '../../shared/status-line';
import { StaffShell } from '../layout';
import { StaffApi } from '../staff-api';
import { actionError } from './CasePage';

/** The command that makes the organisation's keys offline; it prints the public halves this page takes. */
const KEY_COMMAND = 'npm run cli -- recovery-key:generate --directory-key-file directory-key.txt';
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const B64_32 = /^[A-Za-z0-9_-]{43}$/;

interface Done {
  slug: string;
  mailed: boolean;
  activationUrl?: string;
}

/** A portal address from a name: lower case, ASCII letters and digits, hyphens between words. */
function slugOf(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
}

/**
 * The first-run set-up (`/staff/setup`), before any account exists: with the token Kanava
 * printed at start, the operator names the organisation and its portal address, gives the
 * public halves of the keys made offline, the first admin and the first channel. The admin
 * then activates their account from the invitation link as anyone invited does.
 */
export function Setup() {
  const { t } = useI18n();
  const [api] = useState(() => new StaffApi(null));
  const [needed, setNeeded] = useState<boolean | null>(null);
  const [form, setForm] = useState({
    token: '',
    name: '',
    slug: '',
    recoveryPublicKey: '',
    directoryPublicKey: '',
    adminName: '',
    adminEmail: '',
    adminHandles: true,
    channelName: '',
    defaultQuestionnaire: true,
  });
  const [slugTouched, setSlugTouched] = useState(false);
  const [status, setStatus] = useState<Status | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Done | null>(null);

  useEffect(() => {
    api.get<{ needed: boolean }>('/api/setup').then(
      (s) => setNeeded(s.needed),
      () => setStatus({ ok: false, text: t('error.load') }),
    );
    // Asked once per page; a change of language does not ask again.
  }, [api]);

  const field = (name: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [name]: e.target.value }));

  const problems = (): string[] => {
    const found: string[] = [];
    if (!form.token.trim()) found.push(t('setup.errorToken'));
    if (!form.name.trim()) found.push(t('setup.errorName'));
    if (!SLUG.test(form.slug)) found.push(t('setup.errorSlug'));
    if (!B64_32.test(form.recoveryPublicKey.trim())) found.push(t('setup.errorRecoveryKey'));
    if (form.directoryPublicKey.trim() && !B64_32.test(form.directoryPublicKey.trim())) found.push(t('setup.errorDirectoryKey'));
    if (!form.adminName.trim() || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(form.adminEmail.trim())) found.push(t('setup.errorAdmin'));
    if (!form.channelName.trim()) found.push(t('setup.errorChannel'));
    return found;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = problems();
    if (found.length) return setStatus({ ok: false, text: found.join(' ') });
    setBusy(true);
    setStatus(null);
    try {
      const made = await api.post<Done>('/api/setup', {
        token: form.token.trim(),
        organisation: {
          name: form.name.trim(),
          slug: form.slug,
          recoveryPublicKey: form.recoveryPublicKey.trim(),
          ...(form.directoryPublicKey.trim() ? { directoryPublicKey: form.directoryPublicKey.trim() } : {}),
        },
        admin: { displayName: form.adminName.trim(), email: form.adminEmail.trim(), handler: form.adminHandles },
        channel: { name: form.channelName.trim(), defaultQuestionnaire: form.defaultQuestionnaire },
      });
      setDone(made);
    } catch (err) {
      setStatus({ ok: false, text: actionError(t, err) });
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <StaffShell session={null} heading={t('setup.doneTitle')} headingKey="setup-done">
        <p role="status">{t('setup.done', { portal: `${window.location.origin}/r/${done.slug}` })}</p>
        {done.activationUrl ? (
          <>
            <p>{t('setup.activateHere')}</p>
            <p>
              <a href={done.activationUrl}>{t('setup.activateLink')}</a>
            </p>
          </>
        ) : (
          <p>{t('setup.mailed')}</p>
        )}
      </StaffShell>
    );
  }

  return (
    <StaffShell session={null} heading={t('setup.title')} headingKey={`setup-${needed}`}>
      {needed === null && !status && <p role="status">{t('common.loading')}</p>}
      {needed === false && (
        <>
          <p data-testid="setup-closed">{t('setup.closed')}</p>
          <p>
            <a href="/staff">{t('setup.signIn')}</a>
          </p>
        </>
      )}
      {needed && (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <p>{t('setup.intro')}</p>
          <div className="field">
            <label htmlFor="setup-token">{t('setup.token')}</label>
            <p className="hint" id="setup-token-hint">
              {t('setup.tokenHint')}
            </p>
            <input id="setup-token" aria-describedby="setup-token-hint" autoComplete="off" value={form.token} onChange={field('token')} />
          </div>

          <fieldset>
            <legend>{t('setup.organisation')}</legend>
            <div className="field">
              <label htmlFor="setup-name">{t('setup.name')}</label>
              <input
                id="setup-name"
                maxLength={200}
                value={form.name}
                onChange={(e) => {
                  const name = e.target.value;
                  setForm((f) => ({ ...f, name, slug: slugTouched ? f.slug : slugOf(name) }));
                }}
              />
            </div>
            <div className="field">
              <label htmlFor="setup-slug">{t('setup.slug')}</label>
              <p className="hint" id="setup-slug-hint">
                {t('setup.slugHint', { portal: `${window.location.origin}/r/${form.slug || '…'}` })}
              </p>
              <input
                id="setup-slug"
                aria-describedby="setup-slug-hint"
                maxLength={63}
                value={form.slug}
                onChange={(e) => {
                  setSlugTouched(true);
                  setForm((f) => ({ ...f, slug: e.target.value.trim().toLowerCase() }));
                }}
              />
            </div>
          </fieldset>

          <fieldset>
            <legend>{t('setup.keys')}</legend>
            <p>{t('setup.keysIntro')}</p>
            <pre className="mono">{KEY_COMMAND}</pre>
            <p className="hint">{t('setup.keysSecret')}</p>
            <div className="field">
              <label htmlFor="setup-recovery">{t('setup.recoveryKey')}</label>
              <input id="setup-recovery" className="mono" autoComplete="off" value={form.recoveryPublicKey} onChange={field('recoveryPublicKey')} />
            </div>
            <div className="field">
              <label htmlFor="setup-directory">{t('setup.directoryKey')}</label>
              <input id="setup-directory" className="mono" autoComplete="off" value={form.directoryPublicKey} onChange={field('directoryPublicKey')} />
            </div>
          </fieldset>

          <fieldset>
            <legend>{t('setup.admin')}</legend>
            <div className="field">
              <label htmlFor="setup-admin-name">{t('setup.adminName')}</label>
              <input id="setup-admin-name" maxLength={200} value={form.adminName} onChange={field('adminName')} />
            </div>
            <div className="field">
              <label htmlFor="setup-admin-email">{t('setup.adminEmail')}</label>
              <input id="setup-admin-email" type="email" maxLength={320} value={form.adminEmail} onChange={field('adminEmail')} />
            </div>
            <div className="choice">
              <input
                id="setup-admin-handles"
                type="checkbox"
                checked={form.adminHandles}
                onChange={(e) => setForm((f) => ({ ...f, adminHandles: e.target.checked }))}
              />
              <label htmlFor="setup-admin-handles">{t('setup.adminHandles')}</label>
            </div>
          </fieldset>

          <fieldset>
            <legend>{t('setup.channel')}</legend>
            <div className="field">
              <label htmlFor="setup-channel">{t('setup.channelName')}</label>
              <input id="setup-channel" maxLength={200} value={form.channelName} onChange={field('channelName')} />
            </div>
            <div className="choice">
              <input
                id="setup-questionnaire"
                type="checkbox"
                checked={form.defaultQuestionnaire}
                onChange={(e) => setForm((f) => ({ ...f, defaultQuestionnaire: e.target.checked }))}
              />
              <label htmlFor="setup-questionnaire">{t('setup.questionnaire')}</label>
            </div>
          </fieldset>

          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {t('setup.submit')}
            </button>
          </div>
          <StatusLine status={status} />
        </form>
      )}
      {needed !== true && <StatusLine status={status} />}
    </StaffShell>
  );
}
