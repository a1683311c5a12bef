import { ReactNode, useEffect, useRef } from 'react';
import { Language, LANGUAGES, useI18n } from '../shared/i18n';
import { Link } from './router';
import { hasRole, logout, StaffSession } from './session';

const LANGUAGE_NAMES: Record<Language, string> = { fi: 'Suomi', sv: 'Svenska', en: 'English' };

/** The pages a staff member's roles open, in the order of the navigation. */
export function navigation(session: StaffSession): { to: string; key: string }[] {
  const items: { to: string; key: string }[] = [];
  if (hasRole(session, 'handler')) items.push({ to: '/staff/cases', key: 'nav.inbox' });
  if (hasRole(session, 'handler')) items.push({ to: '/staff/subject-access', key: 'nav.subjectAccess' });
  if (hasRole(session, 'custodian')) items.push({ to: '/staff/identity-requests', key: 'nav.identityRequests' });
  if (hasRole(session, 'auditor')) items.push({ to: '/staff/audit', key: 'nav.audit' });
  if (hasRole(session, 'admin')) {
    items.push({ to: '/staff/admin/staff', key: 'nav.staff' });
    items.push({ to: '/staff/admin/channels', key: 'nav.channels' });
    items.push({ to: '/staff/admin/questionnaires', key: 'nav.questionnaires' });
    items.push({ to: '/staff/admin/labels', key: 'nav.labels' });
    items.push({ to: '/staff/admin/information-page', key: 'nav.informationPage' });
    items.push({ to: '/staff/admin/languages', key: 'nav.languages' });
    items.push({ to: '/staff/admin/privacy', key: 'nav.privacy' });
    items.push({ to: '/staff/admin/deletions', key: 'nav.deletions' });
    items.push({ to: '/staff/admin/access-review', key: 'nav.accessReview' });
    items.push({ to: '/staff/admin/recovery-key', key: 'nav.recoveryKey' });
    items.push({ to: '/staff/admin/key-directory', key: 'nav.keyDirectory' });
    items.push({ to: '/staff/admin/poster', key: 'nav.poster' });
  }
  if (hasRole(session, 'admin', 'auditor')) items.push({ to: '/staff/admin/jobs', key: 'nav.jobs' });
  if (hasRole(session, 'admin', 'auditor', 'handler')) items.push({ to: '/staff/metrics', key: 'nav.metrics' });
  // Last, so that it is nobody's front page.
  items.push({ to: '/staff/account', key: 'nav.account' });
  return items;
}

/** The frame of every console page: navigation by role, language, who is signed in, sign-out; the page's heading takes focus on a new page. */
export function StaffShell(props: {
  session: StaffSession | null;
  heading: string;
  headingKey: string;
  path?: string;
  navigate?: (to: string) => void;
  children: ReactNode;
}) {
  const { t, language, setLanguage } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${props.heading} – Kanava`;
  }, [props.heading]);
  useEffect(() => {
    heading.current?.focus();
  }, [props.headingKey]);
  const { session, navigate } = props;
  return (
    <>
      <a className="skip" href="#main">
        {t('layout.skip')}
      </a>
      <header className="top">
        <p className="org">{t('layout.title')}</p>
        {session && navigate && (
          <nav aria-label={t('layout.navigation')} className="staff-nav">
            <ul>
              {navigation(session).map((item) => (
                <li key={item.to}>
                  <Link to={item.to} navigate={navigate} current={props.path?.startsWith(item.to)}>
                    {t(item.key)}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <nav aria-label={t('layout.languages')} className="languages">
          {LANGUAGES.map((l) => (
            <button key={l} type="button" lang={l} aria-pressed={l === language} onClick={() => setLanguage(l)}>
              {LANGUAGE_NAMES[l]}
            </button>
          ))}
        </nav>
        {session && (
          <p className="who">
            {t('layout.signedInAs', { name: session.user.displayName })}{' '}
            <button type="button" onClick={() => void logout(session)}>
              {t('layout.signOut')}
            </button>
          </p>
        )}
      </header>
      <main id="main" className="staff-main">
        <h1 ref={heading} tabIndex={-1}>
          {props.heading}
        </h1>
        {props.children}
      </main>
    </>
  );
}

/** Dates as the reader's language writes them (day, month, year; time when asked). */
export function formatDate(iso: string | null, language: string, withTime = false): string {
  if (!iso) return '–';
  const d = new Date(iso);
  return withTime
    ? d.toLocaleString(language === 'en' ? 'en-GB' : language, { dateStyle: 'medium', timeStyle: 'short' })
    : d.toLocaleDateString(language === 'en' ? 'en-GB' : language, { dateStyle: 'medium' });
}
