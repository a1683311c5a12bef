import { FormEvent, useEffect, useState } from 'react';
import { useI18n } from '../../shared/i18n';
import type { PageProps } from '../page-props';
import { formatDate, StaffShell } from '../layout';
import { Link } from '../router';
import { ACCESS_ROLES, AccessRequestWire } from '../subject-access';
import { actionError } from './CasePage';

const today = () => new Date().toISOString().slice(0, 10);

/** Data subject access requests (R31): the open ones, nearest deadline first, and registering a new one. */
export function AccessRequests(props: PageProps) {
  const { t, language } = useI18n();
  const { session, navigate } = props;
  const [requests, setRequests] = useState<AccessRequestWire[] | null>(null);
  const [form, setForm] = useState({ requesterRole: 'person_concerned', language: 'fi', receivedOn: today() });
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    session.api
      .get<{ requests: AccessRequestWire[] }>('/api/staff/subject-access-requests')
      .then((r) => setRequests(r.requests))
      .catch(() => setError(t('error.load')));
  }, [session, t]);

  const set = (name: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [name]: e.target.value }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!form.receivedOn || form.receivedOn > today()) return setError(t('access.dateInvalid'));
    try {
      const at = Math.min(Date.parse(`${form.receivedOn}T00:00:00.000Z`), Date.now());
      const created = await session.api.post<AccessRequestWire>('/api/staff/subject-access-requests', {
        requesterRole: form.requesterRole,
        language: form.language,
        receivedAt: new Date(at).toISOString(),
      });
      navigate(`/staff/subject-access/${created.id}`);
    } catch (err) {
      setError(actionError(t, err));
    }
  };

  return (
    <StaffShell {...props} heading={t('access.title')} headingKey="access">
      <p>{t('access.intro')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate aria-label={t('access.register')}>
        <h2>{t('access.register')}</h2>
        <div className="field">
          <label htmlFor="access-role">{t('access.role')}</label>
          <select id="access-role" value={form.requesterRole} onChange={set('requesterRole')}>
            {ACCESS_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`access.role.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="access-language">{t('access.language')}</label>
          <select id="access-language" value={form.language} onChange={set('language')}>
            {['fi', 'sv', 'en'].map((l) => (
              <option key={l} value={l}>
                {t(`access.language.${l}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="access-received">{t('access.receivedOn')}</label>
          <input id="access-received" type="date" max={today()} value={form.receivedOn} onChange={set('receivedOn')} aria-describedby="access-received-hint" />
          <p className="hint" id="access-received-hint">
            {t('access.receivedOnHint')}
          </p>
        </div>
        {error && (
          <p role="alert" className="error-text">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary">
            {t('access.registerSubmit')}
          </button>
        </div>
      </form>
      <h2>{t('access.open')}</h2>
      {!requests && !error && <p role="status">{t('common.loading')}</p>}
      {requests && requests.length === 0 && <p>{t('access.noneOpen')}</p>}
      {requests && requests.length > 0 && (
        <table className="list" data-testid="access-requests">
          <thead>
            <tr>
              <th scope="col">{t('access.received')}</th>
              <th scope="col">{t('access.role')}</th>
              <th scope="col">{t('access.due')}</th>
            </tr>
          </thead>
          <tbody>
            {requests.map((r) => (
              <tr key={r.id} className={r.overdue ? 'overdue' : undefined}>
                <th scope="row">
                  <Link to={`/staff/subject-access/${r.id}`} navigate={navigate}>
                    {formatDate(r.receivedAt, language)}
                  </Link>
                </th>
                <td>{t(`access.role.${r.requesterRole}`)}</td>
                <td>{r.overdue ? t('access.overdue', { date: formatDate(r.dueAt, language) }) : formatDate(r.dueAt, language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </StaffShell>
  );
}
