import type { Catalog, Language } from '../../shared/i18n-core';
import en from './en.json';
import fi from './fi.json';
import sv from './sv.json';

/** The portal's texts; i18n.spec.ts checks that the three hold the same keys and every key the code uses. */
export const catalogs: Record<Language, Catalog> = { fi, sv, en };
