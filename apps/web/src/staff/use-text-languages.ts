import { useCallback } from 'react';
import { useResource } from './async-list';
import type { StaffApi } from './staff-api';
import { BUILT_IN } from './text-languages';

/**
 * Every language the organisation writes its texts in (fi, sv, en, then the added ones),
 * for the text editors; null while loading or after a failed read, with `error` then.
 * An editor must not open on a guess: saving replaces every language, so a form made
 * without the added ones would delete their texts.
 */
export function useTextLanguages(api: StaffApi, errorText: string): { languages: string[] | null; error: string | null } {
  const load = useCallback(() => api.get<{ languages: string[] }>('/api/admin/organisation/languages').then((r) => [...BUILT_IN, ...r.languages]), [api]);
  const { data, error } = useResource(load, errorText);
  return { languages: data, error };
}
