import { useI18n } from '../../shared/i18n';

/** Whether a handler's words carry a signature the reporter's browser checked (CRYPTO.md "Items"). */
export function SignedBadge(props: { verified: boolean }) {
  const { t } = useI18n();
  return props.verified ? (
    <p className="badge signed" data-testid="signed-badge">
      <span aria-hidden="true">✓ </span>
      {t('case.signed')}
    </p>
  ) : (
    <p className="badge unverified">
      <span aria-hidden="true">! </span>
      {t('case.unverified')}
    </p>
  );
}
