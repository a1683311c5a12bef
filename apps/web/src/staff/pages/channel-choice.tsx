import { useEffect, useState } from 'react';
import type { StaffSession } from '../session';
import type { AdminChannel } from './AdminChannels';

/**
 * The organisation's channels for a per-channel admin page, the first chosen; `onFailure`
 * when they cannot be loaded. Loaded once per session: a language change keeps the choice.
 */
export function useChannelChoice(session: StaffSession, onFailure: () => void) {
  const [channels, setChannels] = useState<AdminChannel[] | null>(null);
  const [channelId, setChannelId] = useState('');
  useEffect(() => {
    session.api.get<AdminChannel[]>('/api/admin/channels').then((list) => {
      setChannels(list);
      if (list[0]) setChannelId(list[0].id);
    }, onFailure);
    // Once per session, whatever the caller's callback: a new one each render must not reload.
  }, [session]);
  return { channels, channelId, setChannelId };
}

/** The channel choice: a select with several channels, the channel's name with one, nothing while loading. */
export function ChannelPicker(props: { id: string; label: string; channels: AdminChannel[] | null; channelId: string; onChange: (id: string) => void }) {
  const { channels } = props;
  if (!channels || channels.length === 0) return null;
  if (channels.length === 1)
    return (
      <p>
        {props.label}: {channels[0].name}
      </p>
    );
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.channelId} onChange={(e) => props.onChange(e.target.value)}>
        {channels.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </div>
  );
}
