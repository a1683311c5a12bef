import { fingerprint, fromB64 } from '@kanava/crypto';
import { useI18n } from '../../../shared/i18n';
import { signedName } from '../../org-trust';
import type { Recipients } from '../../reporter-client';

type Handler = Recipients['handlers'][number];
type Trust = Parameters<typeof signedName>[0];

/** Handlers the reporter may leave out of the report (when the channel allows it). */
export function ExclusionSection(props: { id: string; handlers: Handler[]; excluded: string[]; onChange: (excluded: string[]) => void; trust: Trust }) {
  const { t } = useI18n();
  return (
    <fieldset>
      <legend>{t('report.exclude')}</legend>
      <p className="hint">{t('report.excludeHint')}</p>
      {props.handlers.map((h) => (
        <div key={h.userId} className="choice">
          <input
            type="checkbox"
            id={`${props.id}-ex-${h.userId}`}
            checked={props.excluded.includes(h.userId)}
            onChange={(e) => props.onChange(e.target.checked ? [...props.excluded, h.userId] : props.excluded.filter((x) => x !== h.userId))}
          />
          <label htmlFor={`${props.id}-ex-${h.userId}`}>{signedName(props.trust, h.userId, h.displayName)}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** Who will be able to read the report, each with the fingerprint of their keys. */
export function RecipientList(props: { handlers: Handler[]; excluded: string[]; trust: Trust }) {
  const { t } = useI18n();
  return (
    <details>
      <summary>{t('report.recipients')}</summary>
      <p className="hint">{t('report.recipientsHint')}</p>
      <ul>
        {props.handlers
          .filter((h) => !props.excluded.includes(h.userId))
          .map((h) => (
            <li key={h.userId}>
              {signedName(props.trust, h.userId, h.displayName)}: <code>{fingerprint(fromB64(h.boxPublicKey, 32), fromB64(h.signPublicKey, 32))}</code>
            </li>
          ))}
      </ul>
    </details>
  );
}
