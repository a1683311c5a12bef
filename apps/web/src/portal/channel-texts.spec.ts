import { channelTexts, fallbacksOf, localise } from './channel-texts';
import type { Channel } from './reporter-client';

const channel = (extra: Partial<Channel> = {}): Channel => ({
  id: 'c1',
  name: 'Reports',
  description: null,
  allowAnonymous: true,
  exclusionEnabled: false,
  categories: [
    { id: 'k1', label: 'Fraud', translations: { fi: { label: 'Petos' }, et: { label: 'Pettus' } } },
    { id: 'k2', label: 'Safety', translations: { fi: { label: 'Työturvallisuus' }, sv: { label: 'Säkerhet' } } },
  ],
  ...extra,
});

describe('the organisation texts in the reporter language', () => {
  it('picks a text in an added language first', () => {
    expect(localise({ fi: 'Hei', en: 'Hello', et: 'Tere' }, 'Default', 'et')).toEqual({ text: 'Tere', language: 'et' });
  });

  it('falls back from an added language to English, then Finnish, then Swedish', () => {
    expect(localise({ sv: 'Hej', fi: 'Hei', en: 'Hello' }, 'Default', 'et')).toEqual({ text: 'Hello', language: 'en' });
    expect(localise({ sv: 'Hej', fi: 'Hei', et: '  ' }, 'Default', 'et')).toEqual({ text: 'Hei', language: 'fi' });
    expect(localise({ sv: 'Hej' }, 'Default', 'et')).toEqual({ text: 'Hej', language: 'sv' });
    // Another added language is never a fallback.
    expect(localise({ ru: 'Привет' }, 'Default', 'et')).toEqual({ text: 'Default', language: null });
  });

  it('keeps the order of the UI languages for Finnish, Swedish and English, never an added language', () => {
    expect(localise({ en: 'Hello', sv: 'Hej', et: 'Tere' }, 'Default', 'fi')).toEqual({ text: 'Hej', language: 'sv' });
    expect(localise({ en: 'Hello', fi: 'Hei' }, 'Default', 'sv')).toEqual({ text: 'Hei', language: 'fi' });
    expect(localise({ et: 'Tere' }, 'Default', 'en')).toEqual({ text: 'Default', language: null });
  });

  it('names the languages the channel texts fell back to, for an added language', () => {
    const texts = channelTexts(
      channel({
        translations: {
          et: { name: 'Teavituskanal' },
          en: { name: 'Reporting channel', description: 'Tell us in confidence.' },
          fi: { description: 'Kerro.' },
        },
      }),
      'et',
    );
    expect(texts.name).toEqual({ text: 'Teavituskanal', language: 'et' });
    expect(texts.description).toEqual({ text: 'Tell us in confidence.', language: 'en' });
    expect(texts.categories).toEqual([
      { id: 'k1', label: { text: 'Pettus', language: 'et' } },
      { id: 'k2', label: { text: 'Työturvallisuus', language: 'fi' } },
    ]);
    expect(texts.fallbacks).toEqual(['en', 'fi']);
  });

  it('shows the default texts without a note when nothing is translated, and leaves out an empty description', () => {
    const texts = channelTexts(channel({ categories: [] }), 'et');
    expect(texts.name).toEqual({ text: 'Reports', language: null });
    expect(texts.description).toEqual({ text: '', language: null });
    expect(texts.fallbacks).toEqual([]);
  });

  it('says nothing fell back when every text is in the chosen language', () => {
    const texts = channelTexts(
      channel({ translations: { fi: { name: 'Ilmoituskanava' } }, categories: [{ id: 'k1', label: 'Fraud', translations: { fi: { label: 'Petos' } } }] }),
      'fi',
    );
    expect(texts.fallbacks).toEqual([]);
    expect(
      fallbacksOf(
        [
          { text: 'x', language: 'sv' },
          { text: 'y', language: 'en' },
          { text: 'z', language: null },
        ],
        'fi',
      ),
    ).toEqual(['sv', 'en']);
  });
});
