import { useCallback, useEffect, useState } from 'react';

/** One page of a keyset-paginated list, as every list route of the staff API answers. */
export interface KeysetPage<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * A list read a page at a time: the first page whenever `fetchPage` changes (so
 * callers memoise it on their filters), more pages appended on request. A failed
 * page leaves what was shown and sets `error` to `errorText`.
 */
export function useKeysetPages<T>(fetchPage: (cursor: string | null) => Promise<KeysetPage<T>>, errorText: string) {
  const [items, setItems] = useState<T[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    async (cursor: string | null) => {
      setError(null);
      try {
        const page = await fetchPage(cursor);
        setItems((prev) => (cursor && prev ? [...prev, ...page.items] : page.items));
        setNext(page.nextCursor);
      } catch {
        setError(errorText);
      }
    },
    [fetchPage, errorText],
  );
  useEffect(() => {
    void load(null);
  }, [load]);
  return { items, next, error, setError, more: () => void load(next), reload: () => void load(null) };
}
