import { documentLines } from './record-pdf';
import { textPdf } from './pdf';

describe('record of processing as PDF lines', () => {
  it('prints every field, lists as items and objects as fields, in WinAnsi-safe punctuation', () => {
    const lines = documentLines(
      {
        controller: { name: 'Acme Oy' },
        retention: { retentionDays: 1500, closedRetentionDays: null },
        purposes: ['Receiving reports – under the Act', 'Protecting the reporter’s identity'],
        recipients: [{ role: 'handler', count: 2 }],
        missing: [],
        format: 'kanava-processing-record/1',
      },
      'Record of processing',
    );
    const text = lines.map((l) => l.text);
    expect(text).toEqual([
      'Record of processing',
      'Controller',
      'Name: Acme Oy',
      'Retention',
      'Retention days: 1500',
      'Closed retention days: -',
      'Purposes',
      '- Receiving reports - under the Act',
      "- Protecting the reporter's identity",
      'Recipients',
      '- Role: handler; Count: 2',
      'Missing',
      '-',
      'Format',
      'kanava-processing-record/1',
    ]);
    expect(lines.filter((l) => l.heading).map((l) => l.text)).toEqual([
      'Record of processing',
      'Controller',
      'Retention',
      'Purposes',
      'Recipients',
      'Missing',
      'Format',
    ]);
    const pdf = new TextDecoder('latin1').decode(textPdf(lines, 'Record'));
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect(pdf).toContain('(Retention days: 1500)');
  });
});
