import { useCallback } from 'react';
import { useResource } from './async-list';
import type { StaffApi } from './staff-api';
import { BUILT_IN } from './text-languages';

/**
 * Every language the organisation writes its texts in (fi, sv, en, then the added ones),
 * for the text editors; null while loading. A failed read leaves the built-in three.
 */
export function useTextLanguages(api: StaffApi): string[] | null {
  const load = useCallback(
    () =>
      api
        .get<{ languages: string[] }>('/api/admin/organisation/languages')
        .then((r) => [...BUILT_IN, ...r.languages])
        .catch(() => [...BUILT_IN]),
    [api],
  );
  return useResource(load, '').data;
}
