import { FormEvent, useState } from 'react';
import { useI18n } from '../../../shared/i18n';
import { Status, StatusLine } from '../../../shared/status-line';
import type { PageProps } from '../../page-props';
import { actionError } from '../CasePage';
import type { AdminChannel } from '../AdminChannels';

/** The longest channel description the server takes. */
export const MAX_DESCRIPTION = 5000;

/**
 * What reporters see and may do in the channel: its description on the portal,
 * whether a report may be anonymous, and whether the reporter may name handlers
 * who must not see the report (conflict of interest).
 */
export function ChannelSettings(props: PageProps & { channel: AdminChannel; reload: () => Promise<void> }) {
  const { t } = useI18n();
  const { session, channel } = props;
  const [description, setDescription] = useState(channel.description ?? '');
  const [allowAnonymous, setAllowAnonymous] = useState(channel.allowAnonymous);
  const [exclusionEnabled, setExclusionEnabled] = useState(channel.exclusionEnabled);
  const [voiceEnabled, setVoiceEnabled] = useState(channel.voiceEnabled);
  const [meetingsEnabled, setMeetingsEnabled] = useState(channel.meetingsEnabled);
  const [status, setStatus] = useState<Status | null>(null);
  const id = `settings-${channel.id}`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setStatus(null);
    if (description.length > MAX_DESCRIPTION) return setStatus({ ok: false, text: t('admin.channels.descriptionLong', { max: MAX_DESCRIPTION }) });
    try {
      await session.api.patch(`/api/admin/channels/${channel.id}`, {
        description: description.trim(),
        allowAnonymous,
        exclusionEnabled,
        voiceEnabled,
        meetingsEnabled,
      });
      setStatus({ ok: true, text: t('admin.channels.settingsSaved') });
      await props.reload();
    } catch (err) {
      setStatus({ ok: false, text: actionError(t, err) });
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{t('admin.channels.settings')}</h3>
      <div className="field">
        <label htmlFor={`${id}-description`}>{t('admin.channels.description')}</label>
        <textarea
          id={`${id}-description`}
          rows={3}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          aria-describedby={`${id}-description-hint`}
        />
        <p className="hint" id={`${id}-description-hint`}>
          {t('admin.channels.descriptionHint', { max: MAX_DESCRIPTION })}
        </p>
      </div>
      <div className="choice">
        <input id={`${id}-anonymous`} type="checkbox" checked={allowAnonymous} onChange={(e) => setAllowAnonymous(e.target.checked)} />
        <label htmlFor={`${id}-anonymous`}>{t('admin.channels.allowAnonymous')}</label>
      </div>
      <div className="choice">
        <input id={`${id}-exclusion`} type="checkbox" checked={exclusionEnabled} onChange={(e) => setExclusionEnabled(e.target.checked)} />
        <label htmlFor={`${id}-exclusion`}>{t('admin.channels.exclusionEnabled')}</label>
      </div>
      <div className="choice">
        <input
          id={`${id}-voice`}
          type="checkbox"
          checked={voiceEnabled}
          onChange={(e) => setVoiceEnabled(e.target.checked)}
          aria-describedby={`${id}-voice-hint`}
        />
        <label htmlFor={`${id}-voice`}>{t('admin.channels.voiceEnabled')}</label>
        <p className="hint" id={`${id}-voice-hint`}>
          {t('admin.channels.voiceHint')}
        </p>
      </div>
      <div className="choice">
        <input id={`${id}-meetings`} type="checkbox" checked={meetingsEnabled} onChange={(e) => setMeetingsEnabled(e.target.checked)} />
        <label htmlFor={`${id}-meetings`}>{t('admin.channels.meetingsEnabled')}</label>
      </div>
      <button type="submit">{t('admin.channels.saveSettings')}</button>
      <StatusLine status={status} />
    </form>
  );
}
