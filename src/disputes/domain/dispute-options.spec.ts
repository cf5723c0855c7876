import { describe, expect, it } from '@jest/globals';
import { loadProfile } from '../../conduct/code-of-conduct.loader.js';
import { disputeOptions, referralDeadline } from './dispute-options.js';

describe(disputeOptions.name, () => {
  it('uk-fca offers the Financial Ombudsman Service: free, independent, binding on us once accepted, 6 months (DISP 2.8.2R)', () => {
    const [fos, ...others] = disputeOptions(loadProfile('uk-fca'));
    expect(others).toEqual([]);
    expect(fos).toMatchObject({
      id: 'financial-ombudsman-service',
      independent: true,
      method: 'determinative',
      outcomeBinds: 'organisation_if_accepted',
      cost: 'It is free for you.',
      referralWindow: 'P6M',
    });
  });

  it('au-asic offers AFCA with 2 years from our response (AFCA Rules B.4.3)', () => {
    expect(disputeOptions(loadProfile('au-asic'))).toMatchObject([{ id: 'afca', referralWindow: 'P2Y', cost: 'It is free for you.' }]);
  });

  it('us-cfpb describes the CFPB as what it is: any time, forwards the complaint, decides nothing', () => {
    const [cfpb] = disputeOptions(loadProfile('us-cfpb'));
    expect(cfpb).toMatchObject({ id: 'cfpb', referralWindow: null, method: 'facilitative', outcomeBinds: 'neither' });
    expect(cfpb.eligibility).toContain('at any time');
    expect(cfpb.independence).toContain('does not decide');
  });

  it('speaks Spanish where the profile has the words', () => {
    expect(disputeOptions(loadProfile('uk-fca'), 'es')[0]).toMatchObject({ cost: 'Es gratis para usted.', name: 'Financial Ombudsman Service' });
  });

  it('a code with no provider offers only a review by a supervisor, which is not independent', () => {
    expect(disputeOptions(loadProfile('default'))).toMatchObject([{ id: 'internal-review', independent: false, referralWindow: null }]);
  });
});

describe(referralDeadline.name, () => {
  it('FOS: 6 months from a final response on 31 Aug 2026 11:00 BST ends 28 Feb 2027 11:00 GMT', () => {
    const options = disputeOptions(loadProfile('uk-fca'));
    expect(referralDeadline(options, new Date('2026-08-31T10:00:00Z'), 'Europe/London')).toBe('2027-02-28T11:00:00.000Z');
  });

  it('AFCA: 2 years from the response', () => {
    const options = disputeOptions(loadProfile('au-asic'));
    expect(referralDeadline(options, new Date('2026-03-02T00:00:00Z'), 'Australia/Sydney')).toBe('2028-03-02T00:00:00.000Z');
  });

  it('CFPB and the internal review have no last day', () => {
    expect(referralDeadline(disputeOptions(loadProfile('us-cfpb')), new Date(), 'America/New_York')).toBeNull();
    expect(referralDeadline(disputeOptions(loadProfile('default')), new Date(), 'UTC')).toBeNull();
  });
});
