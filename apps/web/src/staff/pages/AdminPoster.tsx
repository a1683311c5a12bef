import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../shared/i18n';
import type { PageProps } from '../page-props';
import { StaffShell } from '../layout';
import { QrCode } from '../qr-code';
import { loadOrganisationTrust, OrganisationView } from '../trust';
import { OrganisationTrustNotice } from './TrustNotices';

/** The portal address with the fingerprint in its fragment: a browser never sends the fragment, and the portal pins it (docs/key-directory.md). */
export function pinnedPortalAddress(origin: string, slug: string, fingerprint: string): string {
  return `${origin}/r/${encodeURIComponent(slug)}#fp=${fingerprint.replace(/ /g, '')}`;
}

/**
 * A poster for the organisation's notice boards and intranet: the portal address,
 * the organisation fingerprint reporters compare, and a QR code of the address
 * with the fingerprint, which makes a scanning reporter's portal check it by itself.
 * Shown only for a fingerprint this console verified.
 */
export function AdminPoster(props: PageProps) {
  const { t } = useI18n();
  const { session } = props;
  const [view, setView] = useState<OrganisationView | null>(null);
  const [failed, setFailed] = useState(false);
  const load = useCallback(async () => {
    try {
      setView(await loadOrganisationTrust(session));
    } catch {
      setFailed(true);
    }
  }, [session]);
  useEffect(() => {
    void load();
  }, [load]);

  const portal = `${window.location.origin}/r/${encodeURIComponent(session.organisationSlug)}`;
  const fingerprint = view?.organisation.kind === 'verified' ? view.organisation.fingerprint : null;
  return (
    <StaffShell {...props} heading={t('poster.title')} headingKey="admin-poster">
      <p className="no-print">{t('poster.intro')}</p>
      {!view && !failed && <p role="status">{t('common.loading')}</p>}
      {failed && <p role="alert">{t('error.load')}</p>}
      {view && (
        <div className="no-print">
          <OrganisationTrustNotice session={session} trust={view.organisation} onChange={load} />
        </div>
      )}
      {view && !fingerprint && view.organisation.kind === 'unsigned' && <p className="warning">{t('poster.noDirectory')}</p>}
      {fingerprint && (
        <>
          <section className="poster" aria-labelledby="poster-heading" data-testid="poster">
            <h2 id="poster-heading">{t('poster.heading', { org: view?.keys.name ?? '' })}</h2>
            <p className="poster-lead">{t('poster.lead')}</p>
            <p className="poster-address">{portal}</p>
            <QrCode text={pinnedPortalAddress(window.location.origin, session.organisationSlug, fingerprint)} label={t('poster.qrLabel')} testId="poster-qr" />
            <p>{t('poster.fingerprintLabel')}</p>
            <p className="poster-fingerprint mono" data-testid="poster-fingerprint">
              {fingerprint}
            </p>
            <p>{t('poster.compare')}</p>
            <p className="hint">{t('poster.anonymous')}</p>
          </section>
          <div className="actions no-print">
            <button type="button" className="primary" onClick={() => window.print()}>
              {t('poster.print')}
            </button>
          </div>
        </>
      )}
    </StaffShell>
  );
}
