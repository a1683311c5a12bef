import { autonym, displayName, interfaceLanguage, pickContentLanguage, textLanguages, textOrder } from './i18n-core';

describe('UI and text languages', () => {
  it('starts in an added language only when the browser prefers it to every UI language it knows', () => {
    expect(pickContentLanguage(['et-EE'], ['et'])).toBe('et');
    expect(pickContentLanguage(['et-EE', 'en-GB'], ['et'])).toBe('et');
    expect(pickContentLanguage(['sv-FI', 'et'], ['et'])).toBe('sv');
    expect(pickContentLanguage(['de-DE', 'ru', 'et'], ['et', 'ru'])).toBe('ru');
    // Not added by the organisation: as before, the first UI language, else Finnish.
    expect(pickContentLanguage(['et-EE', 'en'], [])).toBe('en');
    expect(pickContentLanguage(['et-EE'], ['ru'])).toBe('fi');
    expect(pickContentLanguage(['ET'], ['et'])).toBe('et');
  });

  it('shows the UI in English for an added language, else in the language itself', () => {
    expect(interfaceLanguage('et')).toBe('en');
    expect(interfaceLanguage('smn')).toBe('en');
    expect(interfaceLanguage('sv')).toBe('sv');
  });

  it('looks for a text in an added language, then English, Finnish, Swedish; for a UI language in the usual order', () => {
    expect(textOrder('et')).toEqual(['et', 'en', 'fi', 'sv']);
    expect(textOrder('fi')).toEqual(['fi', 'sv', 'en']);
    expect(textOrder('sv')).toEqual(['sv', 'fi', 'en']);
    expect(textOrder('en')).toEqual(['en', 'fi', 'sv']);
  });

  it('offers only well-formed added languages, each once, never a UI language', () => {
    expect(textLanguages(['et', 'ru', 'et', 'fi', 'EN', 'e', 'abcd', 'et-EE', 5, null, 'smn'])).toEqual(['et', 'ru', 'smn']);
    expect(textLanguages(undefined)).toEqual([]);
  });

  it('names a language in its own language for the switch, and in the page language for the note', () => {
    expect(autonym('et')).toBe('Eesti');
    expect(autonym('ru')).toBe('Русский');
    expect(displayName('et', 'en')).toBe('Estonian');
    expect(displayName('et', 'fi')).toBe('viro');
    // Unknown to Intl: the code rather than nothing.
    expect(displayName('qqq', 'en')).toBe('qqq');
  });
});
