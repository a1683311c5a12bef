import { useCallback, useState } from 'react';
import { useI18n } from '../../shared/i18n';
import type { Status } from '../../shared/status-line';
import { actionError } from './CasePage';

// Shared with the portal; re-exported so the console's pages keep one import.
export { StatusLine } from '../../shared/status-line';
export type { Status } from '../../shared/status-line';

/** One section's action state: busy while a request runs, then what happened. */
export interface Action {
  busy: boolean;
  status: Status | null;
  /** Runs `fn`; on success shows `done`, on failure the server's reason. Resolves to whether it succeeded. */
  run(fn: () => Promise<void>, done: string): Promise<boolean>;
  fail(text: string): void;
}

export function useAction(): Action {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status | null>(null);
  const run = useCallback(
    async (fn: () => Promise<void>, done: string) => {
      setBusy(true);
      setStatus(null);
      try {
        await fn();
        setStatus({ ok: true, text: done });
        return true;
      } catch (err) {
        setStatus({ ok: false, text: actionError(t, err) });
        return false;
      } finally {
        setBusy(false);
      }
    },
    [t],
  );
  const fail = useCallback((text: string) => setStatus({ ok: false, text }), []);
  return { busy, status, run, fail };
}

/**
 * A destructive action in two steps: the button only asks, and the request is
 * sent only from the confirmation that says what will happen.
 */
export function ConfirmButton(props: { id: string; label: string; question: string; yes: string; action: Action; onConfirm: () => unknown }) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" onClick={() => setAsking(true)}>
        {props.label}
      </button>
    );
  }
  return (
    <span className="actions" role="group" aria-labelledby={`${props.id}-question`}>
      <span className="warning" id={`${props.id}-question`}>
        {props.question}
      </span>
      <button
        type="button"
        disabled={props.action.busy}
        onClick={() => {
          void Promise.resolve(props.onConfirm()).finally(() => setAsking(false));
        }}
      >
        {props.yes}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        {t('common.cancel')}
      </button>
    </span>
  );
}
