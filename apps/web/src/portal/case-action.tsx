import { useState } from 'react';
import { useI18n } from '../shared/i18n';
import type { Status } from '../shared/status-line';

/**
 * One reporter action on a case section at a time: busy while it runs, then a notice
 * that says it was done (and the case reloaded), or that it failed. The portal's
 * counterpart of the console's `useAction`; the notice shows with the shared `StatusLine`.
 */
export function useCaseAction(reload: () => Promise<void>) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Status | null>(null);
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
