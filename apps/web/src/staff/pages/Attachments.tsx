import { useCallback, useEffect, useRef, useState } from 'react';
import { VOICE_MIME_TYPE } from '@kanava/voice';
import { downloadFile } from '../../shared/download';
import { useI18n } from '../../shared/i18n';
import type { PageProps } from '../page-props';
import { downloadAttachment, listAttachments, OpenedAttachment } from '../attachments';
import type { OpenedCase, WireVoiceConsent } from '../case-client';
import { formatDuration, isVoiceMessage, playableVoice } from '../voice';
import { formatDate } from '../layout';
import { ConfirmButton, StatusLine, useAction } from './confirm';

function formatSize(bytes: number, language: string): string {
  const locale = language === 'en' ? 'en-GB' : language;
  if (bytes < 1024) return `${bytes} B`;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KB'] : [bytes / (1024 * 1024), 'MB'];
  return `${value.toLocaleString(locale, { maximumFractionDigits: 1 })} ${unit}`;
}

/**
 * The case's files: names decrypted here, each one downloaded and decrypted in
 * this browser with a progress bar, then saved under its original name. A file a
 * handler uploaded can be deleted by that handler; any other file, the reporter's
 * too, can be removed as manifestly irrelevant personal data (R23). Both only
 * after a confirmation.
 */
export function Attachments(props: PageProps & { opened: OpenedCase; readOnly: boolean }) {
  const { t, language } = useI18n();
  const { session, opened, readOnly } = props;
  const shared = opened.keys.shared;
  const [list, setList] = useState<OpenedAttachment[] | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
  const [progress, setProgress] = useState<{ attachmentId: string; name: string; share: number } | null>(null);
  const [playing, setPlaying] = useState<{ attachmentId: string; url: string; durationSeconds: number } | null>(null);
  const playingUrl = useRef<string | null>(null);
  const action = useAction();
  const dropPlayer = () => {
    if (playingUrl.current) URL.revokeObjectURL(playingUrl.current);
    playingUrl.current = null;
    setPlaying(null);
  };
  // The decrypted voice lives in this tab only while the case is open.
  useEffect(
    () => () => {
      if (playingUrl.current) URL.revokeObjectURL(playingUrl.current);
    },
    [],
  );

  const load = useCallback(async () => {
    if (!shared) return;
    try {
      setList(await listAttachments(session, opened.view, shared, opened.directory));
    } catch {
      setLoadFailed(true);
    }
  }, [session, opened, shared]);
  useEffect(() => {
    void load();
  }, [load]);

  const save = (a: OpenedAttachment) => {
    if (!a.opened) return;
    const { name, type } = a.opened;
    setProgress({ attachmentId: a.attachmentId, name, share: 0 });
    void action.run(
      async () => {
        const data = await downloadAttachment(session, opened.view.id, a, (share) => setProgress({ attachmentId: a.attachmentId, name, share }));
        downloadFile(name, [data as Uint8Array<ArrayBuffer>], type || 'application/octet-stream');
      },
      t('attachments.saved', { name }),
    );
  };
  // Decrypted like a download (the same route, so the same audit event), then played here instead of saved.
  const play = (a: OpenedAttachment) => {
    if (!a.opened) return;
    const { name } = a.opened;
    dropPlayer();
    setProgress({ attachmentId: a.attachmentId, name, share: 0 });
    let unplayable = false;
    void action
      .run(
        async () => {
          const data = await downloadAttachment(session, opened.view.id, a, (share) => setProgress({ attachmentId: a.attachmentId, name, share }));
          let voice: { wav: Uint8Array; durationSeconds: number };
          try {
            voice = playableVoice(data);
          } catch {
            unplayable = true;
            return;
          } finally {
            data.fill(0);
          }
          const url = URL.createObjectURL(new Blob([voice.wav as Uint8Array<ArrayBuffer>], { type: VOICE_MIME_TYPE }));
          playingUrl.current = url;
          setPlaying({ attachmentId: a.attachmentId, url, durationSeconds: voice.durationSeconds });
        },
        t('attachments.voiceReady', { name }),
      )
      .then(() => {
        if (unplayable) action.fail(t('attachments.voiceUnplayable', { name }));
      });
  };
  const remove = (a: OpenedAttachment) =>
    action.run(
      async () => {
        // Withdrawing one's own upload, or destroying someone else's file as personal data (logged as such).
        if (a.mine) await session.api.delete(`/api/staff/cases/${opened.view.id}/attachments/${a.attachmentId}`);
        else await session.api.post(`/api/staff/cases/${opened.view.id}/attachments/${a.attachmentId}/remove`, { confirm: true });
        await load();
      },
      t('attachments.removed', { name: a.opened?.name ?? '' }),
    );

  return (
    <section className="panel" aria-labelledby="attachments-heading">
      <h2 id="attachments-heading">{t('attachments.title')}</h2>
      {loadFailed ? (
        <p role="alert">{t('error.load')}</p>
      ) : !shared ? (
        <p>{t('case.unreadable')}</p>
      ) : !list ? (
        <p role="status">{t('common.loading')}</p>
      ) : list.length === 0 ? (
        <p>{t('attachments.none')}</p>
      ) : (
        <ul className="plain" data-testid="attachments">
          {list.map((a) => (
            <li key={a.attachmentId} data-attachment-id={a.attachmentId}>
              {a.opened ? (
                <>
                  <strong className="wrap">{a.opened.name}</strong> ({formatSize(a.opened.size, language)},{' '}
                  {a.authorKind === 'reporter' ? t('case.fromReporter') : t('attachments.fromHandler')}, {formatDate(a.createdAt, language, true)}){' '}
                  {a.complete ? (
                    <button type="button" disabled={action.busy} aria-label={t('attachments.download', { name: a.opened.name })} onClick={() => save(a)}>
                      {t('attachments.downloadShort')}
                    </button>
                  ) : (
                    <span>{t('attachments.incomplete')}</span>
                  )}{' '}
                  {a.complete && isVoiceMessage(a.opened.type) && (
                    <button type="button" disabled={action.busy} onClick={() => play(a)}>
                      {t('attachments.play', { name: a.opened.name })}
                    </button>
                  )}{' '}
                  {(a.mine || a.complete) && !readOnly && (
                    <ConfirmButton
                      id={`attachment-${a.attachmentId}`}
                      label={a.mine ? t('attachments.remove', { name: a.opened.name }) : t('attachments.removePersonal', { name: a.opened.name })}
                      question={
                        a.mine ? t('attachments.removeConfirm', { name: a.opened.name }) : t('attachments.removePersonalConfirm', { name: a.opened.name })
                      }
                      yes={t('attachments.removeYes')}
                      action={action}
                      onConfirm={() => remove(a)}
                    />
                  )}
                  <VoiceConsentLine consent={opened.view.voiceConsents?.find((v) => v.attachmentId === a.attachmentId)} />
                  {playing?.attachmentId === a.attachmentId && (
                    <div className="voice-player">
                      <p>
                        <span id={`voice-${a.attachmentId}`}>{t('attachments.voiceLabel', { name: a.opened.name })}</span> ·{' '}
                        <span data-testid="voice-duration">{t('attachments.voiceDuration', { time: formatDuration(playing.durationSeconds) })}</span>
                      </p>
                      <p className="hint">{t('attachments.voiceDisguised')}</p>
                      <audio controls autoPlay src={playing.url} aria-labelledby={`voice-${a.attachmentId}`} data-testid="voice-player" />
                    </div>
                  )}
                </>
              ) : (
                t('case.unreadable')
              )}
            </li>
          ))}
        </ul>
      )}
      {progress && (
        <p>
          <label htmlFor="attachment-progress">{t('attachments.progress', { name: progress.name })}</label>{' '}
          <progress id="attachment-progress" max={100} value={Math.round(progress.share * 100)} data-testid="attachment-progress" />
        </p>
      )}
      <StatusLine status={action.status} />
    </section>
  );
}

/** The reporter's choice for a voice message (R28), as the server recorded it. */
function VoiceConsentLine(props: { consent: WireVoiceConsent | undefined }) {
  const { t, language } = useI18n();
  const c = props.consent;
  if (!c) return null;
  return (
    <p className="hint" data-testid="voice-consent">
      {c.choice === 'keep' ? t('attachments.consentKeep') : t('attachments.consentTranscriptOnly', { date: formatDate(c.destroyBy ?? c.givenAt, language) })}
    </p>
  );
}
