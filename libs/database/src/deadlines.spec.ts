import { acknowledgementDue, addMonths, feedbackDue, subjectInformedDue } from './deadlines';

describe('deadlines', () => {
  const received = new Date('2026-01-24T10:00:00.000Z');

  it('acknowledgement is due 7 calendar days after receipt', () => {
    expect(acknowledgementDue(received).toISOString()).toBe('2026-01-31T10:00:00.000Z');
  });

  it('feedback is due 3 months after the 7-day period when nothing was acknowledged', () => {
    expect(feedbackDue(received, null).toISOString()).toBe('2026-04-30T10:00:00.000Z');
  });

  it('feedback is due 3 months after the acknowledgement', () => {
    expect(feedbackDue(received, new Date('2026-01-26T08:00:00.000Z')).toISOString()).toBe('2026-04-26T08:00:00.000Z');
  });

  it('the persons concerned are to be informed one month after receipt', () => {
    expect(subjectInformedDue(new Date('2026-01-31T09:00:00.000Z')).toISOString()).toBe('2026-02-28T09:00:00.000Z');
  });

  it('clamps to the end of a shorter month', () => {
    expect(addMonths(new Date('2026-11-30T00:00:00.000Z'), 3).toISOString()).toBe('2027-02-28T00:00:00.000Z');
    expect(addMonths(new Date('2027-11-30T00:00:00.000Z'), 3).toISOString()).toBe('2028-02-29T00:00:00.000Z');
  });
});
