import { describe, expect, it } from '@jest/globals';
import { satisfactionSurveySchema } from './satisfaction-survey.schema.js';

function firstProblem(input: unknown): string {
  const result = satisfactionSurveySchema.safeParse(input);
  if (result.success) return 'valid';
  const [issue] = result.error.issues;
  return `${issue.path.join('.')} ${issue.message}`.trim();
}

describe('satisfactionSurveySchema', () => {
  it('fills in two days after closure, quiet from 21:00 to 08:00, no reminder, expiry after two weeks, on every channel', () => {
    expect(satisfactionSurveySchema.parse({})).toEqual({
      delay: 'P2D',
      quietHours: { from: '21:00', until: '08:00' },
      expiresAfter: 'P14D',
      channels: ['webchat', 'sms', 'email'],
    });
  });

  it.each([
    [{ delay: '2 days' }, 'delay "2 days" is not an ISO 8601 duration such as P2D or PT36H'],
    [{ delay: 'P1M' }, 'delay must be counted in weeks, days, hours or minutes'],
    [{ delay: 'PT0S' }, 'delay must be longer than nothing'],
    [{ quietHours: { from: '9pm' } }, 'quietHours.from must be a time of day as HH:MM (24-hour clock)'],
    [{ quietHours: { from: '08:00', until: '08:00' } }, 'quietHours.until from and until must differ'],
    [{ timeZone: 'Mars/Olympus' }, 'timeZone "Mars/Olympus" is not an IANA time zone such as Europe/London'],
    [{ reminderAfter: 'P14D', expiresAfter: 'P7D' }, 'reminderAfter must be shorter than expiresAfter'],
    [{ reminders: 2 }, 'Unrecognized key: "reminders"'],
  ])('refuses %j: %s', (input, problem) => {
    expect(firstProblem(input)).toBe(problem);
  });

  it('takes hours and weeks', () => {
    expect(firstProblem({ delay: 'PT36H', reminderAfter: 'P3D', expiresAfter: 'P2W' })).toBe('valid');
  });
});
