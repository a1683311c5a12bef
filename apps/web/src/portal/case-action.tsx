import { useState } from 'react';
import { useI18n } from '../shared/i18n';

export interface Notice {
  ok: boolean;
  text: string;
}

/**
 * One reporter action on a case section at a time: busy while it runs, then the case
 * reloaded and a notice that says it was done, or that it failed (nothing is half sent:
 * each step is a request the server takes whole or refuses).
 */
export function useCaseAction(reload: () => Promise<void>) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const run = async (work: () => Promise<void>, done: string) => {
    setBusy(true);
    setNotice(null);
    try {
      await work();
      setNotice({ ok: true, text: done });
      await reload();
    } catch {
      setNotice({ ok: false, text: t('error.submit') });
    } finally {
      setBusy(false);
    }
  };
  return { busy, notice, setNotice, run };
}

/** The notice of {@link useCaseAction}: read out politely when done, at once when it failed. */
export function NoticeLine(props: { notice: Notice | null }) {
  if (!props.notice) return null;
  return (
    <p className={props.notice.ok ? 'ok' : 'error-text'} role={props.notice.ok ? 'status' : 'alert'}>
      {props.notice.text}
    </p>
  );
}
