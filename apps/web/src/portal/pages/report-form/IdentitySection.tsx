import { useI18n } from '../../../shared/i18n';

export interface IdentityFields {
  name: string;
  contact: string;
  details: string;
}

/** The reporter's identity: optional unless the channel requires it, and then asked for here. */
export function IdentitySection(props: {
  id: string;
  required: boolean;
  give: boolean;
  onGive: (give: boolean) => void;
  identity: IdentityFields;
  onIdentity: (identity: IdentityFields) => void;
}) {
  const { t } = useI18n();
  return (
    <fieldset>
      <legend>{t('report.identity')}</legend>
      <p className="hint">{props.required ? t('report.identityRequired') : t('report.identityHint')}</p>
      <p className="hint">{t('report.identityWho')}</p>
      {!props.required && (
        <div className="choice">
          <input type="checkbox" id={`${props.id}-give`} checked={props.give} onChange={(e) => props.onGive(e.target.checked)} />
          <label htmlFor={`${props.id}-give`}>{t('report.identityGive')}</label>
        </div>
      )}
      {(props.required || props.give) && (
        <>
          <div className="field">
            <label htmlFor={`${props.id}-id-name`}>{t('report.identityName')}</label>
            <input
              id={`${props.id}-id-name`}
              aria-required="true"
              maxLength={300}
              value={props.identity.name}
              onChange={(e) => props.onIdentity({ ...props.identity, name: e.target.value })}
              autoComplete="off"
            />
          </div>
          <div className="field">
            <label htmlFor={`${props.id}-id-contact`}>{t('report.identityContact')}</label>
            <input
              id={`${props.id}-id-contact`}
              aria-required="true"
              maxLength={300}
              value={props.identity.contact}
              onChange={(e) => props.onIdentity({ ...props.identity, contact: e.target.value })}
              autoComplete="off"
            />
          </div>
          <div className="field">
            <label htmlFor={`${props.id}-id-details`}>{t('report.identityDetails')}</label>
            <textarea
              id={`${props.id}-id-details`}
              rows={3}
              maxLength={10000}
              value={props.identity.details}
              onChange={(e) => props.onIdentity({ ...props.identity, details: e.target.value })}
            />
          </div>
        </>
      )}
    </fieldset>
  );
}
