/**
 * Legal deadlines in calendar days and months, UTC (REQUIREMENTS R6, R7, R9):
 * acknowledgement 7 days after receipt; feedback 3 months after the
 * acknowledgement, or 3 months after the 7-day period when none was sent.
 */
export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

/** Adds calendar months in UTC, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: Date, months: number): Date {
  const d = new Date(date.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d;
}

export function acknowledgementDue(receivedAt: Date): Date {
  return addDays(receivedAt, 7);
}

export function feedbackDue(receivedAt: Date, acknowledgedAt: Date | null): Date {
  return addMonths(acknowledgedAt ?? acknowledgementDue(receivedAt), 3);
}

/** GDPR 14 (R33): the persons concerned are informed within one month of receipt, unless deferred. */
export function subjectInformedDue(receivedAt: Date): Date {
  return addMonths(receivedAt, 1);
}
