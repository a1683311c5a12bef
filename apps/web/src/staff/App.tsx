import { useEffect, useState } from 'react';
import { useI18n } from '../shared/i18n';
import { navigation, StaffShell } from './layout';
import { usePath } from './router';
import { hasRole, StaffSession } from './session';
import { Login } from './pages/Login';
import { Notice } from './pages/Notice';
import { Inbox } from './pages/Inbox';
import { ForwardedReport } from './pages/ForwardedReport';
import { AccessRequests } from './pages/AccessRequests';
import { AccessRequest } from './pages/AccessRequest';
import { CasePage } from './pages/CasePage';
import { IdentityRequests } from './pages/IdentityRequests';
import { AuditLog } from './pages/AuditLog';
import { Activate } from './pages/Activate';
import { Setup } from './pages/Setup';
import { Recover } from './pages/Recover';
import { Account } from './pages/Account';
import { AdminStaff } from './pages/AdminStaff';
import { AdminChannels } from './pages/AdminChannels';
import { AdminInformationPage } from './pages/AdminInformationPage';
import { AdminPrivacy } from './pages/AdminPrivacy';
import { AdminQuestionnaire } from './pages/AdminQuestionnaire';
import { AdminLabels } from './pages/AdminLabels';
import { AdminLanguages } from './pages/AdminLanguages';
import { AdminDeletions } from './pages/AdminDeletions';
import { AdminJobs } from './pages/AdminJobs';
import { AdminRecoveryKey } from './pages/AdminRecoveryKey';
import { AdminKeyDirectory } from './pages/AdminKeyDirectory';
import { AdminPoster } from './pages/AdminPoster';
import { AccessReview } from './pages/AccessReview';
import { Metrics } from './pages/Metrics';

const CASE_PATH = /^\/staff\/cases\/([0-9a-f-]{36})\/?$/;

/** The console: sign-in, the confidentiality notice, then the pages the roles open. Keys live only in this component's state. */
export function App() {
  const { t } = useI18n();
  const [path, navigate] = usePath();
  const [session, setSession] = useState<StaffSession | null>(null);
  const [noticeDone, setNoticeDone] = useState(false);

  // The console's front page is the first page the roles open.
  const home = session ? (navigation(session)[0]?.to ?? null) : null;
  useEffect(() => {
    if (session && noticeDone && home && /^\/staff\/?$/.test(path)) {
      window.history.replaceState(null, '', home);
      navigate(home);
    }
  }, [session, noticeDone, home, path, navigate]);

  // Activation comes before any account exists: no session, no sign-in.
  if (!session && /^\/staff\/activate\/?$/.test(path)) return <Activate navigate={navigate} />;
  // And so is the first-run set-up, which makes the organisation the first account will belong to.
  if (!session && /^\/staff\/setup\/?$/.test(path)) return <Setup />;
  // So is recovery from a forgotten password: the recovery key stands in for it.
  if (!session && /^\/staff\/recover\/?$/.test(path)) return <Recover navigate={navigate} />;
  if (!session) return <Login navigate={navigate} onSignedIn={(s) => (setSession(s), setNoticeDone(!hasRole(s, 'handler', 'custodian')))} />;
  if (!noticeDone) return <Notice session={session} onAccepted={() => setNoticeDone(true)} />;

  const page = { session, path, navigate };
  const caseMatch = CASE_PATH.exec(path);
  if (caseMatch) return <CasePage {...page} caseId={caseMatch[1]} />;
  if (/^\/staff\/cases\/?$/.test(path) && hasRole(session, 'handler')) return <Inbox {...page} />;
  if (/^\/staff\/subject-access\/?$/.test(path) && hasRole(session, 'handler')) return <AccessRequests {...page} />;
  const accessMatch = /^\/staff\/subject-access\/([0-9a-f-]{36})\/?$/.exec(path);
  if (accessMatch && hasRole(session, 'handler')) return <AccessRequest {...page} requestId={accessMatch[1]} />;
  if (/^\/staff\/cases\/forwarded\/?$/.test(path) && hasRole(session, 'handler')) return <ForwardedReport {...page} />;
  if (/^\/staff\/identity-requests\/?$/.test(path) && hasRole(session, 'custodian')) return <IdentityRequests {...page} />;
  if (/^\/staff\/audit\/?$/.test(path) && hasRole(session, 'auditor')) return <AuditLog {...page} />;
  if (/^\/staff\/admin\/staff\/?$/.test(path) && hasRole(session, 'admin')) return <AdminStaff {...page} />;
  if (/^\/staff\/admin\/channels\/?$/.test(path) && hasRole(session, 'admin')) return <AdminChannels {...page} />;
  if (/^\/staff\/admin\/information-page\/?$/.test(path) && hasRole(session, 'admin')) return <AdminInformationPage {...page} />;
  if (/^\/staff\/admin\/privacy\/?$/.test(path) && hasRole(session, 'admin')) return <AdminPrivacy {...page} />;
  if (/^\/staff\/admin\/questionnaires\/?$/.test(path) && hasRole(session, 'admin')) return <AdminQuestionnaire {...page} />;
  if (/^\/staff\/admin\/labels\/?$/.test(path) && hasRole(session, 'admin')) return <AdminLabels {...page} />;
  if (/^\/staff\/admin\/languages\/?$/.test(path) && hasRole(session, 'admin')) return <AdminLanguages {...page} />;
  if (/^\/staff\/admin\/deletions\/?$/.test(path) && hasRole(session, 'admin')) return <AdminDeletions {...page} />;
  if (/^\/staff\/admin\/jobs\/?$/.test(path) && hasRole(session, 'admin', 'auditor')) return <AdminJobs {...page} />;
  if (/^\/staff\/admin\/access-review\/?$/.test(path) && hasRole(session, 'admin')) return <AccessReview {...page} />;
  if (/^\/staff\/admin\/recovery-key\/?$/.test(path) && hasRole(session, 'admin')) return <AdminRecoveryKey {...page} />;
  if (/^\/staff\/admin\/key-directory\/?$/.test(path) && hasRole(session, 'admin')) return <AdminKeyDirectory {...page} />;
  if (/^\/staff\/admin\/poster\/?$/.test(path) && hasRole(session, 'admin')) return <AdminPoster {...page} />;
  if (/^\/staff\/metrics\/?$/.test(path) && hasRole(session, 'admin', 'auditor', 'handler')) return <Metrics {...page} />;
  if (/^\/staff\/account\/?$/.test(path)) return <Account {...page} />;
  return (
    <StaffShell {...page} heading={t('notFound.title')} headingKey="not-found">
      <p>{home ? t('notFound.text') : t('notFound.noPages')}</p>
    </StaffShell>
  );
}

/** What every page receives. */
