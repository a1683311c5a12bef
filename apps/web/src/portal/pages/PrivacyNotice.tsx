import { useEffect, useState } from 'react';
import { useI18n } from '../../shared/i18n';
import { Shell } from '../../shared/layout';
import { Channel, fetchPrivacyNotice, Organisation, PrivacyNotice as Notice } from '../reporter-client';
import { channelTexts } from '../channel-texts';
import { WithOrgText } from '../notices';

/**
 * A block of the notice: the built-in template's blocks are a heading line and its
 * text; the organisation's own text is paragraphs, its line breaks kept.
 */
function Block(props: { block: string; template: boolean }) {
  const lines = props.block.split('\n').map((l) => l.trim());
  if (props.template && lines.length === 2) {
    return (
      <>
        <h2>{lines[0]}</h2>
        <p>{lines[1]}</p>
      </>
    );
  }
  return (
    <p>
      {lines.map((line, i) => (
        <span key={i}>
          {i > 0 && <br />}
          {line}
        </span>
      ))}
    </p>
  );
}

/**
 * The channel's privacy notice (GDPR 13–14) in the portal's language: the organisation's
 * own text, else the built-in one. It exists in the UI languages only: with a text
 * language the organisation added, the page is in English and so is the notice.
 */
export function PrivacyNotice(props: { org: Organisation; channel: Channel; onBack: () => void }) {
  const { t, language, contentLanguage } = useI18n();
  const [notice, setNotice] = useState<Notice | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let current = true;
    setFailed(false);
    fetchPrivacyNotice(props.channel.id, language).then(
      (n) => current && setNotice(n),
      () => current && setFailed(true),
    );
    return () => {
      current = false;
    };
  }, [props.channel.id, language]);

  const channelName = channelTexts(props.channel, contentLanguage).name;
  const blocks = notice ? notice.text.split(/\n\s*\n/).filter((b) => b.trim()) : [];
  return (
    <Shell
      title={props.org.name}
      heading={t('privacy.link', { channel: channelName.text })}
      headingContent={<WithOrgText template={t('privacy.link')} name="channel" value={channelName} />}
      headingKey="privacy"
    >
      {!notice && !failed && <p role="status">{t('common.loading')}</p>}
      {failed && (
        <p className="error-text" role="alert">
          {t('privacy.error')}
        </p>
      )}
      {notice && (
        <article lang={notice.language} aria-label={t('privacy.link', { channel: channelName.text })}>
          {blocks.map((block, i) => (
            <Block key={i} block={block} template={notice.source === 'template'} />
          ))}
        </article>
      )}
      <div className="actions">
        <button type="button" onClick={props.onBack}>
          {t('privacy.back')}
        </button>
      </div>
    </Shell>
  );
}
