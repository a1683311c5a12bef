import { FormEvent, useEffect, useState } from 'react';
import { formatCaseSecret } from '@kanava/crypto';
import { useI18n } from '../../shared/i18n';
import type { PageProps } from '../page-props';
import { FORWARDED_VIA, ForwardedDraft, Registered, registerForwarded } from '../forwarded';
import { StaffShell } from '../layout';
import { Link } from '../router';
import { loadTrust, TrustedDirectory } from '../trust';
import { actionError } from './CasePage';

interface ChannelChoice {
  id: string;
  name: string;
  categories: { id: string; label: string }[];
}

const today = () => new Date().toISOString().slice(0, 10);

/**
 * Registering a report that reached the organisation another way (R5): by post, mail,
 * a call, a meeting or a manager. The case is made and encrypted in this browser as
 * the portal makes one, dated the day it was received (its deadlines run from then),
 * with the SHA-256 of the original shown here and stored with the case. The case
 * secret made with it is shown once if the handler will hand it to the reporter;
 * otherwise it is forgotten and nobody can follow the case up as the reporter.
 */
export function ForwardedReport(props: PageProps) {
  const { t } = useI18n();
  const { session } = props;
  const [channels, setChannels] = useState<ChannelChoice[] | null>(null);
  const [directory, setDirectory] = useState<TrustedDirectory | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [form, setForm] = useState({ channelId: '', categoryId: '', receivedOn: today(), via: 'post', forwardedBy: '', title: '', text: '', kind: 'text' });
  const [file, setFile] = useState<File | null>(null);
  const [handOut, setHandOut] = useState(false);
  const [stage, setStage] = useState<string | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<(Registered & { handOut: boolean }) | null>(null);

  useEffect(() => {
    void (async () => {
      try {
        const [org, trust] = await Promise.all([
          session.api.get<{ channels: ChannelChoice[] }>(`/api/public/organisations/${encodeURIComponent(session.organisationSlug)}`),
          loadTrust(session),
        ]);
        // Only the channels this handler is designated for: the server takes a registration from nobody else.
        const mine = trust.colleagues.find((c) => c.userId === session.user.id)?.designations ?? [];
        const choices = org.channels.filter((ch) => mine.some((d) => d.channelId === ch.id && d.role === 'handler'));
        setChannels(choices);
        setDirectory(trust);
        setForm((f) => ({ ...f, channelId: choices[0]?.id ?? '' }));
      } catch {
        setLoadError(t('error.load'));
      }
    })();
  }, [session, t]);

  const set = (name: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [name]: e.target.value }));
  const channel = channels?.find((c) => c.id === form.channelId);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const missing: string[] = [];
    if (!form.channelId) missing.push(t('forwarded.channelMissing'));
    if (!form.receivedOn || form.receivedOn > today()) missing.push(t('forwarded.dateInvalid'));
    if (!form.title.trim()) missing.push(t('forwarded.titleMissing'));
    if (form.kind === 'text' && !form.text.trim()) missing.push(t('forwarded.textMissing'));
    if (form.kind === 'file' && !file) missing.push(t('forwarded.fileMissing'));
    setProblems(missing);
    setError(null);
    if (missing.length || !directory) return;
    try {
      const draft: ForwardedDraft = {
        channelId: form.channelId,
        categoryId: form.categoryId || null,
        receivedOn: form.receivedOn,
        via: form.via as ForwardedDraft['via'],
        // Who passed it on is the handler's own statement: an internal note, signed by them.
        forwardedByNote: form.forwardedBy.trim()
          ? t('forwarded.note', { name: form.forwardedBy.trim(), via: t(`forwarded.via.${form.via}`).toLowerCase(), date: form.receivedOn })
          : null,
        title: form.title.trim(),
        text: form.text,
        file: form.kind === 'file' && file ? { name: file.name, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()) } : null,
      };
      const registered = await registerForwarded(session, directory, draft, (s, share) =>
        setStage(s === 'file' ? t('forwarded.stage.file', { percent: String(Math.round((share ?? 0) * 100)) }) : t(`forwarded.stage.${s}`)),
      );
      // Without a hand-out the secret is not kept anywhere, not even in this page's state.
      setDone({ ...registered, caseSecret: handOut ? registered.caseSecret : '', handOut });
    } catch (err) {
      setError(actionError(t, err));
    } finally {
      setStage(null);
    }
  };

  if (done) {
    return (
      <StaffShell {...props} heading={t('forwarded.doneTitle')} headingKey="forwarded-done">
        <p role="status">{t('forwarded.done', { reference: done.reference })}</p>
        <dl className="facts">
          <dt>{t('forwarded.sha256')}</dt>
          <dd className="mono" data-testid="original-sha256">
            {done.originalSha256}
          </dd>
        </dl>
        {done.handOut ? (
          <section className="secret" aria-labelledby="forwarded-secret-heading">
            <h2 id="forwarded-secret-heading">{t('forwarded.secretTitle')}</h2>
            <p>{t('forwarded.secretIntro')}</p>
            <p className="secret-value" data-testid="forwarded-case-secret">
              {formatCaseSecret(done.caseSecret)}
            </p>
          </section>
        ) : (
          <p>{t('forwarded.noSecret')}</p>
        )}
        <div className="actions">
          <Link to={`/staff/cases/${done.caseId}`} navigate={props.navigate}>
            {t('forwarded.openCase')}
          </Link>
        </div>
      </StaffShell>
    );
  }

  return (
    <StaffShell {...props} heading={t('forwarded.title')} headingKey="forwarded">
      <p>{t('forwarded.intro')}</p>
      {loadError && <p role="alert">{loadError}</p>}
      {!channels && !loadError && <p role="status">{t('common.loading')}</p>}
      {channels && channels.length === 0 && <p>{t('forwarded.noChannels')}</p>}
      {channels && channels.length > 0 && (
        <form onSubmit={(e) => void submit(e)} noValidate aria-label={t('forwarded.title')}>
          {problems.length > 0 && (
            <div role="alert" className="error-text">
              <ul>
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </div>
          )}
          <div className="field">
            <label htmlFor="fw-channel">{t('forwarded.channel')}</label>
            <select id="fw-channel" value={form.channelId} onChange={set('channelId')}>
              {channels.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          {channel && channel.categories.length > 0 && (
            <div className="field">
              <label htmlFor="fw-category">{t('forwarded.category')}</label>
              <select id="fw-category" value={form.categoryId} onChange={set('categoryId')}>
                <option value="">{t('forwarded.noCategory')}</option>
                {channel.categories.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.label}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div className="field">
            <label htmlFor="fw-received">{t('forwarded.receivedOn')}</label>
            <input id="fw-received" type="date" max={today()} value={form.receivedOn} onChange={set('receivedOn')} aria-describedby="fw-received-hint" />
            <p className="hint" id="fw-received-hint">
              {t('forwarded.receivedOnHint')}
            </p>
          </div>
          <div className="field">
            <label htmlFor="fw-via">{t('forwarded.via')}</label>
            <select id="fw-via" value={form.via} onChange={set('via')}>
              {FORWARDED_VIA.map((v) => (
                <option key={v} value={v}>
                  {t(`forwarded.via.${v}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="fw-by">{t('forwarded.by')}</label>
            <input id="fw-by" value={form.forwardedBy} maxLength={200} onChange={set('forwardedBy')} aria-describedby="fw-by-hint" />
            <p className="hint" id="fw-by-hint">
              {t('forwarded.byHint')}
            </p>
          </div>
          <div className="field">
            <label htmlFor="fw-title">{t('forwarded.reportTitle')}</label>
            <input id="fw-title" value={form.title} maxLength={200} onChange={set('title')} />
          </div>
          <fieldset>
            <legend>{t('forwarded.original')}</legend>
            {['text', 'file'].map((k) => (
              <div className="choice" key={k}>
                <input id={`fw-kind-${k}`} type="radio" name="fw-kind" value={k} checked={form.kind === k} onChange={set('kind')} />
                <label htmlFor={`fw-kind-${k}`}>{t(`forwarded.kind.${k}`)}</label>
              </div>
            ))}
          </fieldset>
          {form.kind === 'file' && (
            <div className="field">
              <label htmlFor="fw-file">{t('forwarded.file')}</label>
              <input id="fw-file" type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
            </div>
          )}
          <div className="field">
            <label htmlFor="fw-text">{form.kind === 'text' ? t('forwarded.text') : t('forwarded.summary')}</label>
            <textarea id="fw-text" rows={8} value={form.text} onChange={set('text')} aria-describedby="fw-text-hint" />
            <p className="hint" id="fw-text-hint">
              {form.kind === 'text' ? t('forwarded.textHint') : t('forwarded.summaryHint')}
            </p>
          </div>
          <div className="choice">
            <input id="fw-hand-out" type="checkbox" checked={handOut} onChange={(e) => setHandOut(e.target.checked)} aria-describedby="fw-hand-out-hint" />
            <label htmlFor="fw-hand-out">{t('forwarded.handOut')}</label>
          </div>
          <p className="hint" id="fw-hand-out-hint">
            {t('forwarded.handOutHint')}
          </p>
          {stage && <p role="status">{stage}</p>}
          {error && (
            <p role="alert" className="error-text">
              {error}
            </p>
          )}
          <div className="actions">
            <button type="submit" className="primary" disabled={!!stage}>
              {t('forwarded.submit')}
            </button>
          </div>
        </form>
      )}
    </StaffShell>
  );
}
