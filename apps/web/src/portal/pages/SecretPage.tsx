import { useId, useState } from 'react';
import { downloadFile } from '../../shared/download';
import { useI18n } from '../../shared/i18n';
import { Shell } from '../../shared/layout';
import { Organisation } from '../reporter-client';
import { pinnedAddress } from '../org-trust';
import { usePortalTrust } from '../trust-context';

/**
 * The case secret, shown once (R19): copy, download, print, and a confirmation
 * that it was saved before the page lets go of it.
 */
export function SecretPage(props: { org: Organisation; caseSecret: string; reference: string; uploadFailures: number; onDone: () => void }) {
  const { t } = useI18n();
  const ids = useId();
  const [saved, setSaved] = useState(false);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const [tried, setTried] = useState(false);
  const { trust } = usePortalTrust();
  const fingerprint = trust.kind === 'verified' ? trust.fingerprint : null;

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.caseSecret);
      setCopied('yes');
    } catch {
      // Clipboard access can be refused (insecure context, browser setting): say so and let them write it down.
      setCopied('no');
    }
  };
  const download = () =>
    downloadFile(
      `kanava-${props.reference}.txt`,
      [
        t('secret.fileText', { org: props.org.name, reference: props.reference, secret: props.caseSecret }),
        // The organisation fingerprint the report was sent under, and a follow-up address that makes the portal check it.
        fingerprint ? t('secret.fileFingerprint', { fingerprint, address: pinnedAddress(window.location.origin, props.org.slug, fingerprint) }) : '',
      ],
      'text/plain',
    );

  return (
    <Shell title={props.org.name} heading={t('secret.title')} headingKey="secret">
      <p>{t('secret.reference', { reference: props.reference })}</p>
      {props.uploadFailures > 0 && <p className="warning">{t('secret.uploadFailures', { n: props.uploadFailures })}</p>}
      <section className="secret" aria-labelledby={`${ids}-label`}>
        <h2 id={`${ids}-label`}>{t('secret.label')}</h2>
        <p className="secret-value" data-testid="case-secret">
          <SecretGroups secret={props.caseSecret} />
        </p>
        <p>{t('secret.explain')}</p>
        {fingerprint && (
          <p data-testid="secret-fingerprint">
            {t('secret.fingerprint')} <span className="mono">{fingerprint}</span>
          </p>
        )}
        <p className="warning">{t('secret.never')}</p>
      </section>
      <div className="actions no-print">
        <button type="button" onClick={() => void copy()}>
          {t('secret.copy')}
        </button>
        <button type="button" onClick={download}>
          {t('secret.download')}
        </button>
        <button type="button" onClick={() => window.print()}>
          {t('secret.print')}
        </button>
      </div>
      <p role="status" className="no-print">
        {copied === 'yes' ? t('secret.copied') : copied === 'no' ? t('secret.copyFailed') : ''}
      </p>
      <form
        className="no-print"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setTried(true);
          if (saved) props.onDone();
        }}
      >
        <div className="choice">
          <input
            type="checkbox"
            id={`${ids}-saved`}
            checked={saved}
            aria-invalid={tried && !saved}
            aria-describedby={tried && !saved ? `${ids}-must` : undefined}
            onChange={(e) => setSaved(e.target.checked)}
          />
          <label htmlFor={`${ids}-saved`}>{t('secret.confirm')}</label>
        </div>
        {tried && !saved && (
          <p id={`${ids}-must`} className="error-text" role="alert">
            {t('secret.mustConfirm')}
          </p>
        )}
        <button type="submit" className="primary">
          {t('secret.continue')}
        </button>
      </form>
    </Shell>
  );
}

/**
 * The case secret with each group kept whole: a narrow screen breaks the line only
 * after a dash, so no group is split over two lines and misread. The text (and what
 * a copy or a screen reader gets) is the secret exactly.
 */
export function SecretGroups(props: { secret: string }) {
  const groups = props.secret.split('-');
  return (
    <>
      {groups.map((group, i) => (
        <span key={i} className="secret-group">
          {group}
          {i < groups.length - 1 ? '-' : ''}
        </span>
      ))}
    </>
  );
}
