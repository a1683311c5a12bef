import { ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { useI18n } from '../shared/i18n';

/** A value read from the API: null until it arrives, the failure's words when it did not. */
export interface Resource<T> {
  data: T | null;
  error: string | null;
  /** Reads it again; what was shown stays until the new value (or failure) arrives. */
  reload: () => Promise<void>;
  /** Replaces the value in place, after an action whose answer says what it became. */
  setData: (data: T | null) => void;
}

/**
 * Reads `load()` whenever it changes (so callers memoise it on what it depends on) and on
 * `reload()`. An answer that arrives after a newer read started is dropped, so a slow first
 * read never overwrites a fresh one.
 */
export function useResource<T>(load: () => Promise<T>, errorText: string): Resource<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);
  const reload = useCallback(async () => {
    const run = ++latest.current;
    setError(null);
    try {
      const value = await load();
      if (run === latest.current) setData(value);
    } catch {
      if (run === latest.current) setError(errorText);
    }
  }, [load, errorText]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, reload, setData };
}

/**
 * The states of a list the console reads: loading, failed (with a retry while nothing was
 * shown), empty, or its rows. A failure after rows were shown keeps them under the alert.
 */
export function AsyncList<T>(props: { items: T[] | null; error: string | null; empty: ReactNode; onRetry?: () => void; children: (items: T[]) => ReactNode }) {
  const { t } = useI18n();
  const { items, error } = props;
  return (
    <>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {error && !items && props.onRetry && (
        <div className="actions">
          <button type="button" onClick={props.onRetry}>
            {t('common.retry')}
          </button>
        </div>
      )}
      {!items && !error && <p role="status">{t('common.loading')}</p>}
      {items && items.length === 0 && <p>{props.empty}</p>}
      {items && items.length > 0 && props.children(items)}
    </>
  );
}
