import { useI18n } from '../../shared/i18n';
import { Shell } from '../../shared/layout';
import { Organisation } from '../reporter-client';
import { OrgFingerprint } from '../trust-context';
import { channelTexts, fallbacksOf, localise } from '../channel-texts';
import { FallbackNote, WithOrgText } from '../notices';

/** Paragraphs of plain text (blank lines separate them); the organisation's text is never treated as HTML. */
export function Paragraphs(props: { text: string }) {
  return (
    <>
      {props.text
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p, i) => (
          <p key={i}>{p}</p>
        ))}
    </>
  );
}

/** The information page (REQUIREMENTS R3): the organisation's own text, then how reporting works here and the protection the law gives. */
export function Home(props: { org: Organisation; onReport: () => void; onFollowUp: () => void; onPrivacy: (channelId: string) => void }) {
  const { t, language, contentLanguage } = useI18n();
  // The organisation's text in the chosen language, else in another it wrote (said so, and marked with its language).
  const own = localise(props.org.informationPage ?? {}, '', contentLanguage);
  return (
    <Shell title={props.org.name} heading={t('home.title', { org: props.org.name })} headingKey="home">
      <p className="lead">{t('home.lead')}</p>
      <div className="actions">
        <button type="button" className="primary" onClick={props.onReport}>
          {t('home.report')}
        </button>
        <button type="button" onClick={props.onFollowUp}>
          {t('home.followUp')}
        </button>
      </div>
      {own.text && (
        <section aria-labelledby="own-info">
          <h2 id="own-info">{t('home.ownInfo', { org: props.org.name })}</h2>
          <FallbackNote shown={fallbacksOf([own], contentLanguage)} />
          <div lang={own.language && own.language !== language ? own.language : undefined}>
            <Paragraphs text={own.text} />
          </div>
        </section>
      )}
      <OrgFingerprint id="home-fingerprint" />
      <section aria-labelledby="how">
        <h2 id="how">{t('home.howTitle')}</h2>
        <p>{t('home.how1')}</p>
        <p>{t('home.how2')}</p>
        <p>{t('home.how3')}</p>
      </section>
      <section aria-labelledby="next">
        <h2 id="next">{t('home.nextTitle')}</h2>
        <p>{t('home.next1')}</p>
        <p>{t('home.next2')}</p>
      </section>
      <section aria-labelledby="protection">
        <h2 id="protection">{t('home.protectionTitle')}</h2>
        <p>{t('home.protection1')}</p>
        <p>{t('home.protection2')}</p>
      </section>
      <section aria-labelledby="external">
        <h2 id="external">{t('home.externalTitle')}</h2>
        <p>{t('home.external1')}</p>
      </section>
      <section aria-labelledby="privacy">
        <h2 id="privacy">{t('privacy.sectionTitle')}</h2>
        <p>{t('privacy.sectionLead')}</p>
        <ul>
          {props.org.channels.map((c) => (
            <li key={c.id}>
              <button type="button" onClick={() => props.onPrivacy(c.id)}>
                <WithOrgText template={t('privacy.link')} name="channel" value={channelTexts(c, contentLanguage).name} />
              </button>
            </li>
          ))}
        </ul>
      </section>
    </Shell>
  );
}
