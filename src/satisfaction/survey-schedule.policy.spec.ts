import { describe, expect, it } from '@jest/globals';
import { decideReminder, decideSend, expiresAt, firstDueAt, reminderDueAt, type SurveyFacts, type SurveyTiming } from './survey-schedule.policy.js';

const timing: SurveyTiming = {
  delay: 'P2D',
  quietHours: { from: '21:00', until: '08:00' },
  timeZone: 'Europe/London',
  reminderAfter: 'P3D',
  expiresAfter: 'P7D',
};

const CLOSED = '2026-03-02T20:00:00.000Z';
const facts = (change: Partial<SurveyFacts> = {}): SurveyFacts => ({
  complaintStatus: 'closed',
  closedAt: CLOSED,
  surveyClosedAt: CLOSED,
  consent: true,
  optedOut: false,
  disputeOpen: false,
  ...change,
});
const NOON = new Date('2026-03-04T12:00:00.000Z');

describe(firstDueAt.name, () => {
  it('waits the delay, then past the quiet hours: closed Monday 20:00, due Wednesday 20:00, sent Wednesday 20:00', () => {
    expect(firstDueAt(new Date(CLOSED), timing).toISOString()).toBe('2026-03-04T20:00:00.000Z');
  });

  it('a delay that ends at night is held until 08:00', () => {
    expect(firstDueAt(new Date('2026-03-02T23:00:00.000Z'), timing).toISOString()).toBe('2026-03-05T08:00:00.000Z');
  });
});

describe(decideSend.name, () => {
  it('sends when the case is still closed, with consent, in the day', () => {
    expect(decideSend(facts(), NOON, timing)).toEqual({ action: 'send' });
  });

  it.each([
    ['reopened', facts({ complaintStatus: 'investigating' }), { action: 'cancel', reason: 'reopened' }],
    ['reopened and closed again (another closure)', facts({ closedAt: '2026-03-03T09:00:00.000Z' }), { action: 'cancel', reason: 'reopened' }],
    ['said no', facts({ consent: false }), { action: 'cancel', reason: 'consent_withdrawn' }],
    ['texted STOP, even after saying yes', facts({ optedOut: true }), { action: 'not_sent', reason: 'opted_out' }],
    ['no route to the customer', facts({ unreachable: 'no_channel' }), { action: 'not_sent', reason: 'no_channel' }],
  ])('%s', (_case, given, expected) => {
    expect(decideSend(given, NOON, timing)).toEqual(expected);
  });

  it('asks first, in the day, a customer who was never asked', () => {
    expect(decideSend(facts({ consent: undefined }), NOON, timing)).toEqual({ action: 'ask_consent' });
    expect(decideSend(facts({ consent: undefined }), new Date('2026-03-04T23:00:00.000Z'), timing)).toMatchObject({ action: 'wait' });
    expect(decideSend(facts({ consent: undefined, optedOut: true }), NOON, timing)).toEqual({ action: 'not_sent', reason: 'opted_out' });
  });

  it('waits until the morning when the check comes at night', () => {
    expect(decideSend(facts(), new Date('2026-03-04T23:00:00.000Z'), timing)).toEqual({ action: 'wait', until: new Date('2026-03-05T08:00:00.000Z') });
  });

  it('holds back a day while a dispute referral is open', () => {
    expect(decideSend(facts({ disputeOpen: true }), NOON, timing)).toEqual({ action: 'wait', until: new Date('2026-03-05T12:00:00.000Z') });
  });

  it('an opt-out wins over an open dispute', () => {
    expect(decideSend(facts({ disputeOpen: true, optedOut: true }), NOON, timing)).toEqual({ action: 'not_sent', reason: 'opted_out' });
  });
});

describe(decideReminder.name, () => {
  const sentAt = new Date('2026-03-04T12:00:00.000Z');
  const expiry = expiresAt(sentAt, timing);

  it('is due three days after sending and expires after seven', () => {
    expect(reminderDueAt(sentAt, timing)?.toISOString()).toBe('2026-03-07T12:00:00.000Z');
    expect(expiry.toISOString()).toBe('2026-03-11T12:00:00.000Z');
  });

  it('reminds a survey nobody answered', () => {
    expect(decideReminder('sent', 0, facts(), new Date('2026-03-07T12:00:00.000Z'), expiry, timing)).toEqual({ action: 'send' });
  });

  it.each([
    ['partly answered', 'sent', 1],
    ['already reminded', 'reminded', 0],
    ['cancelled', 'cancelled', 0],
  ] as const)('does not remind a survey %s', (_case, status, answered) => {
    expect(decideReminder(status, answered, facts(), new Date('2026-03-07T12:00:00.000Z'), expiry, timing)).toEqual({ action: 'skip', reason: 'not_waiting' });
  });

  it('does not remind after expiry, nor wait past it', () => {
    expect(decideReminder('sent', 0, facts(), new Date('2026-03-12T12:00:00.000Z'), expiry, timing)).toEqual({ action: 'skip', reason: 'expired' });
    const late = expiresAt(new Date('2026-03-04T18:00:00.000Z'), { ...timing, expiresAfter: 'PT4H', reminderAfter: 'PT2H' });
    expect(decideReminder('sent', 0, facts(), new Date('2026-03-04T21:30:00.000Z'), late, timing)).toEqual({ action: 'skip', reason: 'expired' });
  });

  it('no reminder at all when none is configured', () => {
    expect(reminderDueAt(sentAt, { ...timing, reminderAfter: undefined })).toBeNull();
  });
});
