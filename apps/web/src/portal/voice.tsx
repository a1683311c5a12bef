import { ReactNode, useEffect, useRef, useState } from 'react';
import { isVoiceError, prepareVoiceMessageAsync, VOICE_MIME_TYPE, VoiceErrorCode } from '@kanava/voice';
import { formatDuration } from '../shared/duration';
import { useI18n } from '../shared/i18n';

/** The longest recording the portal takes; it stops by itself there (about 9.6 MB of WAV once disguised). */
export const MAX_VOICE_SECONDS = 5 * 60;

/** The neutral name the disguised file carries in the case (no time or device in it). */
export const VOICE_FILE_NAME = 'voice-message.wav';

/** A disguised voice message, ready to be encrypted and uploaded like any attachment. */
export interface DisguisedVoice {
  name: string;
  type: string;
  bytes: Uint8Array;
  cleaned: boolean;
  durationSeconds: number;
}

/** Opus in WebM (Chromium, Firefox) or Ogg (Firefox, Safari 18); the browser's own choice when it knows neither. */
function recorderMimeType(): string | undefined {
  for (const type of ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/webm', 'audio/ogg']) {
    if (MediaRecorder.isTypeSupported(type)) return type;
  }
  return undefined;
}

/**
 * Decodes the browser's recording and disguises it (docs/voice-disguise.md). The
 * encoded recording and the decoded channels are wiped before this returns, also
 * when it throws; only the disguised WAV is returned.
 */
export async function disguiseRecording(recording: Blob, onProgress: (share: number) => void, signal: AbortSignal): Promise<DisguisedVoice> {
  const encoded = await recording.arrayBuffer();
  let channels: Float32Array[] = [];
  try {
    // An offline context decodes (and resamples to 48 kHz) without opening an audio device.
    const context = new OfflineAudioContext({ numberOfChannels: 1, length: 1, sampleRate: 48000 });
    // decodeAudioData takes the buffer over (it is detached); the copy left behind, if any, is wiped below.
    const buffer = await context.decodeAudioData(encoded);
    channels = Array.from({ length: buffer.numberOfChannels }, (_, i) => buffer.getChannelData(i));
    const message = await prepareVoiceMessageAsync(channels, buffer.sampleRate, {
      random: (n) => crypto.getRandomValues(new Uint8Array(n)),
      onProgress,
      signal,
    });
    return { name: VOICE_FILE_NAME, type: VOICE_MIME_TYPE, bytes: message.wav, cleaned: false, durationSeconds: message.durationSeconds };
  } finally {
    // Invariant: the undisguised voice is erased from this page's memory as soon as it is used.
    if (encoded.byteLength > 0) new Uint8Array(encoded).fill(0);
    channels.forEach((c) => c.fill(0));
  }
}

type State =
  | { name: 'idle'; note: string | null }
  | { name: 'starting' }
  | { name: 'recording'; seconds: number }
  | { name: 'disguising'; share: number }
  | { name: 'ready'; url: string; durationSeconds: number };

/**
 * Records a voice message with the microphone, disguises it in this browser and
 * lets the reporter listen to the disguised version before it is sent; record
 * again or discard at any point. `onChange` receives the disguised file (or null):
 * the recording itself never leaves this component.
 */
export function VoiceRecorder(props: {
  id: string;
  /** A message disguised earlier (the form was left and shown again): shown ready to listen to. */
  value: DisguisedVoice | null;
  onChange: (voice: DisguisedVoice | null) => void;
  /** Told whether a recording is being made or disguised, so the form does not send without it. */
  onBusy?: (busy: boolean) => void;
  disabled?: boolean;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const [state, setState] = useState<State>({ name: 'idle', note: null });
  const initialValue = useRef(props.value);
  const [error, setError] = useState<string | null>(null);
  const live = useRef<{ recorder: MediaRecorder | null; stream: MediaStream | null; timer: number | null; abort: AbortController | null; url: string | null }>({
    recorder: null,
    stream: null,
    timer: null,
    abort: null,
    url: null,
  });
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;
  const onBusy = useRef(props.onBusy);
  onBusy.current = props.onBusy;
  const busy = state.name === 'starting' || state.name === 'recording' || state.name === 'disguising';
  useEffect(() => {
    onBusy.current?.(busy);
  }, [busy]);
  useEffect(() => () => onBusy.current?.(false), []);

  const stopDevices = () => {
    const l = live.current;
    if (l.timer !== null) window.clearInterval(l.timer);
    l.timer = null;
    l.stream?.getTracks().forEach((track) => track.stop());
    l.stream = null;
  };
  const dropPlayback = () => {
    const l = live.current;
    if (l.url) URL.revokeObjectURL(l.url);
    l.url = null;
  };

  // A message disguised earlier is shown ready again. Leaving the page (or the form) stops the
  // microphone, cancels a disguise in progress and drops the playback.
  useEffect(() => {
    const earlier = initialValue.current;
    if (earlier) {
      const url = URL.createObjectURL(new Blob([earlier.bytes as BlobPart], { type: VOICE_MIME_TYPE }));
      live.current.url = url;
      setState({ name: 'ready', url, durationSeconds: earlier.durationSeconds });
    }
    return () => {
      const l = live.current;
      l.abort?.abort();
      if (l.recorder && l.recorder.state !== 'inactive') {
        l.recorder.ondataavailable = null;
        l.recorder.onstop = null;
        l.recorder.stop();
      }
      stopDevices();
      dropPlayback();
    };
  }, []);

  const disguise = async (chunks: Blob[], type: string) => {
    const recording = new Blob(chunks, { type });
    chunks.length = 0;
    if (recording.size === 0) {
      setError(t('voice.errorEmpty'));
      return setState({ name: 'idle', note: null });
    }
    const abort = new AbortController();
    live.current.abort = abort;
    setState({ name: 'disguising', share: 0 });
    try {
      const voice = await disguiseRecording(recording, (share) => setState({ name: 'disguising', share }), abort.signal);
      if (voice.durationSeconds < 0.5) {
        setError(t('voice.errorEmpty'));
        return setState({ name: 'idle', note: null });
      }
      const url = URL.createObjectURL(new Blob([voice.bytes as BlobPart], { type: VOICE_MIME_TYPE }));
      live.current.url = url;
      setState({ name: 'ready', url, durationSeconds: voice.durationSeconds });
      onChange.current(voice);
    } catch (e) {
      if (isVoiceError(e, VoiceErrorCode.Aborted)) return setState({ name: 'idle', note: t('voice.discarded') });
      setError(t('voice.errorProcess'));
      setState({ name: 'idle', note: null });
    } finally {
      live.current.abort = null;
    }
  };

  const start = async () => {
    setError(null);
    dropPlayback();
    onChange.current(null);
    if (!navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === 'undefined' || typeof OfflineAudioContext === 'undefined') {
      return setError(t('voice.errorUnsupported'));
    }
    setState({ name: 'starting' });
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true }, video: false });
    } catch (e) {
      setState({ name: 'idle', note: null });
      return setError(e instanceof DOMException && e.name === 'NotAllowedError' ? t('voice.errorPermission') : t('voice.errorMicrophone'));
    }
    const mimeType = recorderMimeType();
    const recorder = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
    const chunks: Blob[] = [];
    recorder.ondataavailable = (e) => {
      if (e.data.size > 0) chunks.push(e.data);
    };
    recorder.onstop = () => {
      stopDevices();
      live.current.recorder = null;
      void disguise(chunks, recorder.mimeType || mimeType || 'audio/webm');
    };
    live.current.recorder = recorder;
    live.current.stream = stream;
    const startedAt = performance.now();
    recorder.start(1000);
    setState({ name: 'recording', seconds: 0 });
    live.current.timer = window.setInterval(() => {
      const seconds = (performance.now() - startedAt) / 1000;
      if (seconds >= MAX_VOICE_SECONDS) stop();
      else setState({ name: 'recording', seconds });
    }, 250);
  };

  const stop = () => {
    const l = live.current;
    if (l.timer !== null) window.clearInterval(l.timer);
    l.timer = null;
    if (l.recorder && l.recorder.state !== 'inactive') l.recorder.stop();
  };

  const cancel = () => live.current.abort?.abort();

  const discard = () => {
    dropPlayback();
    onChange.current(null);
    setState({ name: 'idle', note: t('voice.discarded') });
  };

  const id = props.id;
  return (
    <div className="voice" data-testid="voice-recorder">
      <p id={`${id}-explain`}>{t('voice.explain')}</p>
      <p className="hint" id={`${id}-remains`}>
        {t('voice.remains')}
      </p>
      {error && (
        <p className="warning" role="alert">
          {error}
        </p>
      )}
      {(state.name === 'idle' || state.name === 'starting') && (
        <>
          <p className="hint">{t('voice.max', { minutes: MAX_VOICE_SECONDS / 60 })}</p>
          <button type="button" disabled={props.disabled || state.name === 'starting'} aria-describedby={`${id}-explain`} onClick={() => void start()}>
            {t('voice.record')}
          </button>
          {state.name === 'idle' && state.note && <p role="status">{state.note}</p>}
        </>
      )}
      {state.name === 'recording' && (
        <>
          <p>
            <span className="recording-dot" aria-hidden="true">
              ●{' '}
            </span>
            {t('voice.recording', { time: formatDuration(Math.floor(state.seconds)) })}
          </p>
          <button type="button" className="primary" onClick={stop}>
            {t('voice.stop')}
          </button>
        </>
      )}
      {state.name === 'disguising' && (
        <>
          <p>
            <label htmlFor={`${id}-progress`}>{t('voice.disguising')}</label> <progress id={`${id}-progress`} max={100} value={Math.round(state.share * 100)} />
          </p>
          <p role="status" className="visually-hidden">
            {t('voice.disguising')}
          </p>
          <button type="button" onClick={cancel}>
            {t('voice.cancel')}
          </button>
        </>
      )}
      {state.name === 'ready' && (
        <>
          <p role="status">{t('voice.ready', { time: formatDuration(state.durationSeconds) })}</p>
          <p>
            <span id={`${id}-listen`}>{t('voice.listen')}</span>
          </p>
          <audio controls preload="metadata" src={state.url} aria-labelledby={`${id}-listen`} data-testid="voice-preview" />
          {props.children}
          <div className="actions">
            <button type="button" disabled={props.disabled} onClick={() => void start()}>
              {t('voice.again')}
            </button>
            <button type="button" disabled={props.disabled} onClick={discard}>
              {t('voice.discard')}
            </button>
          </div>
        </>
      )}
    </div>
  );
}
