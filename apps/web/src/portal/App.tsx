import { useEffect, useState } from 'react';
import { useI18n } from '../shared/i18n';
import { Shell } from '../shared/layout';
import { CaseSession, fetchOrganisation, Organisation } from './reporter-client';
import { loadPortalTrust, pinnedFromAddress, PortalTrust } from './org-trust';
import { PortalTrustProvider } from './trust-context';
import { Home } from './pages/Home';
import { ReportForm } from './pages/ReportForm';
import { SecretPage } from './pages/SecretPage';
import { FollowUp } from './pages/FollowUp';
import { PrivacyNotice } from './pages/PrivacyNotice';

/** What the portal shows; secrets live only in this state (memory), never in storage or the address. */
type View =
  | { name: 'home' }
  | { name: 'report' }
  | { name: 'secret'; caseSecret: string; reference: string; session: CaseSession; uploadFailures: number }
  | { name: 'follow-up'; session: CaseSession | null }
  | { name: 'privacy'; channelId: string };

export function App(props: { slug: string }) {
  const { t, offerTextLanguages } = useI18n();
  const [org, setOrg] = useState<Organisation | null>(null);
  const [trust, setTrust] = useState<PortalTrust | null>(null);
  // The fingerprint the reporter brought: from the poster's QR code or the saved file's link (`#fp=`, never sent to the server).
  const [pinned, setPinned] = useState<string | null>(() => pinnedFromAddress(window.location.hash));
  const [failed, setFailed] = useState(false);
  const [view, setView] = useState<View>({ name: 'home' });

  useEffect(() => {
    void (async () => {
      try {
        const found = await fetchOrganisation(props.slug);
        setTrust(await loadPortalTrust(found));
        // The organisation's added text languages join the switch; a browser that prefers one starts in it (issue 22).
        offerTextLanguages(found.textLanguages);
        setOrg(found);
      } catch {
        setFailed(true);
      }
    })();
  }, [props.slug, offerTextLanguages]);

  if (failed) {
    return (
      <Shell title="Kanava" heading={t('error.orgTitle')} headingKey="error">
        <p>{t('error.org')}</p>
      </Shell>
    );
  }
  if (!org || !trust) {
    return (
      <Shell title="Kanava" heading={t('common.loading')} headingKey="loading">
        <p role="status">{t('common.loading')}</p>
      </Shell>
    );
  }
  const home = () => setView({ name: 'home' });
  let content;
  switch (view.name) {
    case 'home':
      content = (
        <Home
          org={org}
          onReport={() => setView({ name: 'report' })}
          onFollowUp={() => setView({ name: 'follow-up', session: null })}
          onPrivacy={(channelId) => setView({ name: 'privacy', channelId })}
        />
      );
      break;
    case 'report':
      content = (
        <ReportForm
          org={org}
          onCancel={home}
          onSubmitted={(s, uploadFailures) => setView({ name: 'secret', caseSecret: s.caseSecret, reference: s.reference, session: s.session, uploadFailures })}
        />
      );
      break;
    case 'secret':
      content = (
        <SecretPage
          org={org}
          caseSecret={view.caseSecret}
          reference={view.reference}
          uploadFailures={view.uploadFailures}
          onDone={() => setView({ name: 'follow-up', session: view.session })}
        />
      );
      break;
    case 'follow-up':
      content = <FollowUp org={org} session={view.session} onClose={home} />;
      break;
    case 'privacy': {
      const channel = org.channels.find((c) => c.id === view.channelId);
      content = channel ? <PrivacyNotice org={org} channel={channel} onBack={home} /> : null;
      break;
    }
  }
  return <PortalTrustProvider value={{ trust, pinned, setPinned }}>{content}</PortalTrustProvider>;
}
