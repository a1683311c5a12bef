import { processingRecord } from './processing-record';
import { PRIVACY_LANGUAGES, PrivacyFacts, privacyNoticeTemplate } from './template';

const facts: PrivacyFacts = {
  organisationName: 'Acme Oy',
  channelName: 'Ilmoitukset',
  retentionDays: 1826,
  closedRetentionDays: null,
  handlers: 3,
  custodians: 1,
  processor: null,
  storageLocation: null,
};

describe('built-in privacy notice', () => {
  it('names the controller, the legal basis, §31, the Ombudsman and the live numbers in every language', () => {
    for (const language of PRIVACY_LANGUAGES) {
      const text = privacyNoticeTemplate(facts, language);
      expect(text).toContain('Acme Oy');
      expect(text).toContain('"Ilmoitukset"');
      expect(text).toContain('1171/2022');
      expect(text).toContain('1826');
      expect(text).toContain('tietosuoja.fi');
      expect(text).toMatch(/31 §|section 31/);
      expect(text).toMatch(/18/);
      expect(text).toMatch(/\b3 /);
      // Sections: a title, then blocks of a heading line and one line of text.
      const blocks = text.split('\n\n');
      expect(blocks[0].split('\n')).toHaveLength(1);
      for (const block of blocks.slice(1)) expect(block.split('\n')).toHaveLength(2);
      expect(blocks).toHaveLength(10);
    }
    expect(privacyNoticeTemplate(facts, 'fi')).toContain('noin 5 vuoden');
    expect(privacyNoticeTemplate(facts, 'en')).toContain('about 5 years');
  });

  it('says the closure retention, the processor and the place only when they are set, in local number format', () => {
    const set = { ...facts, retentionDays: 1000, closedRetentionDays: 90, processor: 'Hosting Oy', storageLocation: 'Helsinki, Finland' };
    expect(privacyNoticeTemplate(set, 'sv')).toContain('1000 dagar (cirka 2,7 år)');
    expect(privacyNoticeTemplate(set, 'sv')).toContain('eller 90 dagar efter att ärendet avslutats');
    expect(privacyNoticeTemplate(set, 'en')).toContain('1000 days (about 2.7 years)');
    expect(privacyNoticeTemplate(set, 'en')).toContain('hosted by Hosting Oy');
    expect(privacyNoticeTemplate(set, 'fi')).toContain('Tiedot säilytetään: Helsinki, Finland.');
    expect(privacyNoticeTemplate(facts, 'en')).not.toContain('after its case was closed');
    expect(privacyNoticeTemplate(facts, 'en')).toContain('hosted by a service provider');
    expect(privacyNoticeTemplate(facts, 'fi')).toContain('EU:n tai ETA:n alueella');
  });

  it('the record of processing carries the live values and what is not stated', () => {
    const record = processingRecord(
      {
        ...facts,
        organisationId: 'o',
        channelId: 'c',
        admins: 1,
        auditors: 2,
        auditRetentionDays: 0,
        incompleteUploadMaxAgeHours: 24,
        sessionIdleMinutes: 30,
        sessionMaxHours: 12,
        attachmentStorage: { driver: 's3', region: 'eu-north-1' },
      },
      new Date('2026-01-02T03:04:05Z'),
    );
    expect(record.generatedAt).toBe('2026-01-02T03:04:05.000Z');
    expect(record.retention).toMatchObject({ retentionDays: 1826, closedRetentionDays: null, auditRetentionDays: 0 });
    expect(record.storage.attachments).toContain('eu-north-1');
    expect(record.missing).toEqual(['processor', 'storageLocation']);
    expect(record.recipients.find((r) => r.role === 'auditor')?.count).toBe(2);
    expect(record.securityMeasures.join(' ')).toContain('30 idle minutes');
  });
});
