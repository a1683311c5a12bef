import { useId } from 'react';
import type { VoiceConsentChoice } from '@kanava/crypto';
import { useI18n } from '../shared/i18n';

/**
 * What may happen to the disguised recording (R28): kept with the case, or used only to
 * make a transcript and then deleted. Transcript only is the default: keeping a voice
 * needs the reporter's consent.
 */
export function VoiceConsentField(props: { value: VoiceConsentChoice; onChange: (choice: VoiceConsentChoice) => void }) {
  const { t } = useI18n();
  const ids = useId();
  return (
    <fieldset>
      <legend>{t('voice.consentLegend')}</legend>
      <p className="hint" id={`${ids}-hint`}>
        {t('voice.consentHint')}
      </p>
      <div className="choice">
        <input
          type="radio"
          id={`${ids}-transcript`}
          name={`${ids}-consent`}
          checked={props.value === 'transcript-only'}
          onChange={() => props.onChange('transcript-only')}
          aria-describedby={`${ids}-hint`}
        />
        <label htmlFor={`${ids}-transcript`}>{t('voice.consentTranscriptOnly')}</label>
      </div>
      <div className="choice">
        <input type="radio" id={`${ids}-keep`} name={`${ids}-consent`} checked={props.value === 'keep'} onChange={() => props.onChange('keep')} />
        <label htmlFor={`${ids}-keep`}>{t('voice.consentKeep')}</label>
      </div>
    </fieldset>
  );
}
