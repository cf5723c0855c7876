import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { profilePath } from './code-of-conduct.loader.js';
import { codeOfConductSchema, PROFILE_NAMES, type CodeOfConductInput } from './code-of-conduct.schema.js';

function minimal(): CodeOfConductInput {
  return {
    organisation: { name: 'Acme', contactRoutes: [{ kind: 'email', label: 'Email', value: 'complaints@acme.test' }] },
    categories: [{ id: 'billing', label: 'Billing' }],
    clocks: { business: { kind: 'business_days', timeZone: 'Europe/London', holidays: { country: 'GB', region: 'ENG' } } },
    promises: [
      {
        id: 'acknowledge',
        text: 'We will acknowledge your complaint.',
        indicator: 'time_to_acknowledge',
        target: { amount: 1, unit: 'days' },
        clock: 'business',
      },
    ],
  };
}

/** The first issue as "path message", the way the loader reports it. */
function firstProblem(input: unknown): string {
  const result = codeOfConductSchema.safeParse(input);
  if (result.success) return 'valid';
  const [issue] = result.error.issues;
  return `${issue.path.join('.')} ${issue.message}`.trim();
}

describe('codeOfConductSchema', () => {
  it.each(PROFILE_NAMES)('accepts the shipped %s profile', (name) => {
    const raw: unknown = parse(readFileSync(profilePath(name), 'utf8'));
    expect(firstProblem(raw)).toBe('valid');
  });

  it('fills in defaults: language en, Monday-Friday, public and bank holidays, from receipt, warn at 80 %', () => {
    const code = codeOfConductSchema.parse(minimal());
    expect(code.language).toBe('en');
    expect(code.clocks.business.workingDays).toEqual([1, 2, 3, 4, 5]);
    expect(code.clocks.business.holidays?.types).toEqual(['public', 'bank']);
    expect(code.promises[0]).toMatchObject({ from: 'received', warnAtFraction: 0.8 });
  });

  it('rejects a promise on a clock that is not defined, at promises.0.clock', () => {
    const input = minimal();
    input.promises[0].clock = 'nope';
    expect(firstProblem(input)).toBe('promises.0.clock "nope" is not a defined clock');
  });

  it('rejects a country date-holidays does not know, at the clock\'s holidays.country', () => {
    const input = minimal();
    input.clocks.business.holidays = { country: 'XX' };
    expect(firstProblem(input)).toBe('clocks.business.holidays.country "XX" is not a country known to date-holidays');
  });

  it('rejects a region the country does not have', () => {
    const input = minimal();
    input.clocks.business.holidays = { country: 'GB', region: 'NSW' };
    expect(firstProblem(input)).toBe('clocks.business.holidays.region "NSW" is not a region of GB known to date-holidays');
  });

  it('rejects a time zone luxon does not know', () => {
    const input = minimal();
    input.clocks.business.timeZone = 'Mars/Olympus_Mons';
    expect(firstProblem(input)).toBe('clocks.business.timeZone "Mars/Olympus_Mons" is not an IANA time zone such as Europe/London');
  });

  it('requires working hours on a business_hours clock', () => {
    const input = minimal();
    input.clocks.business.kind = 'business_hours';
    expect(firstProblem(input)).toBe('clocks.business.workingHours is required for a business_hours clock');
  });

  it('rejects working hours that end before they start', () => {
    const input = minimal();
    input.clocks.business.workingHours = { start: '17:00', end: '09:00' };
    expect(firstProblem(input)).toBe('clocks.business.workingHours.end start must be before end');
  });

  it('rejects a dispute provider whose referral window is no ISO 8601 period', () => {
    const input = parse(readFileSync(profilePath('uk-fca'), 'utf8')) as { externalDisputeResolution: { providers: Record<string, unknown>[] } };
    input.externalDisputeResolution.providers[0].referralWindow = '6 months';
    expect(firstProblem(input)).toBe('externalDisputeResolution.providers.0.referralWindow "6 months" is not an ISO 8601 period such as P6M or P2Y');
  });

  it('rejects a referral window counted from receipt: it only opens with the final response', () => {
    const input = minimal();
    input.promises.push({
      id: 'referral',
      text: 'You can go to the ombudsman.',
      indicator: 'referral_window',
      target: { amount: 6, unit: 'months' },
      clock: 'business',
    });
    expect(firstProblem(input)).toBe('promises.1.from "received" does not suit referral_window, which runs from final_response');
  });

  it('rejects two promises with one id', () => {
    const input = minimal();
    input.promises.push({ ...input.promises[0] });
    expect(firstProblem(input)).toBe('promises.1.id "acknowledge" is used twice');
  });

  it('offers the usual root causes unless the code lists its own, each once and short enough for Slack', () => {
    expect(codeOfConductSchema.parse(minimal()).rootCauses.map((cause) => cause.id)).toEqual([
      'process', 'people', 'product', 'communication', 'systems', 'third-party', 'policy', 'no-fault',
    ]);
    const own = [{ id: 'courier', label: 'The courier' }];
    expect(codeOfConductSchema.parse({ ...minimal(), rootCauses: own }).rootCauses).toEqual(own);
    expect(firstProblem({ ...minimal(), rootCauses: [...own, ...own] })).toBe('rootCauses.1.id "courier" is used twice');
    expect(firstProblem({ ...minimal(), rootCauses: [{ id: 'long', label: 'x'.repeat(76) }] })).toBe('rootCauses.0.label must be at most 75 characters, as Slack shows them');
    expect(firstProblem({ ...minimal(), rootCauses: [] })).toBe('rootCauses must list at least one root cause');
  });

  it('rejects a warning fraction of 1', () => {
    const input = minimal();
    input.promises[0].warnAtFraction = 1;
    expect(firstProblem(input)).toBe('promises.0.warnAtFraction must be between 0 and 1');
  });

  it('rejects a javascript: web address so it can never become a link', () => {
    const input = minimal();
    input.organisation.website = 'javascript:alert(1)';
    expect(firstProblem(input)).toBe('organisation.website "javascript:alert(1)" is not an http(s) web address');
  });

  it('checks contact values by kind', () => {
    const input = minimal();
    input.organisation.contactRoutes = [{ kind: 'phone', label: 'Phone', value: 'call us' }];
    expect(firstProblem(input)).toBe('organisation.contactRoutes.0.value "call us" is not a phone number');
  });

  it('rejects unknown keys so a misspelt setting is not silently ignored', () => {
    expect(firstProblem({ ...minimal(), promisses: [] })).toBe('Unrecognized key: "promisses"');
  });
});
