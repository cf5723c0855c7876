import { describe, expect, it } from '@jest/globals';
import { proofMatches, proofThrottle, type ProofAttempt } from './proof-throttle.js';

const now = new Date('2026-03-02T10:00:00.000Z');
const failedMinutesAgo = (...minutes: number[]): ProofAttempt[] =>
  minutes.map((m) => ({ at: new Date(now.getTime() - m * 60_000).toISOString(), succeeded: false }));

describe(proofThrottle.name, () => {
  it('allows three tries from one asker', () => {
    expect(proofThrottle([], [], now)).toEqual({ allowed: true, attemptsLeft: 3 });
    expect(proofThrottle(failedMinutesAgo(1, 2), [], now)).toEqual({ allowed: true, attemptsLeft: 1 });
  });

  it('locks an asker out after three wrong answers until the first leaves the 15-minute window', () => {
    expect(proofThrottle(failedMinutesAgo(1, 2, 10), [], now)).toEqual({ allowed: false, retryAfterMinutes: 5 });
  });

  it('forgets wrong answers older than the window', () => {
    expect(proofThrottle(failedMinutesAgo(16, 20, 30), [], now)).toEqual({ allowed: true, attemptsLeft: 3 });
  });

  it('leaves only the secret code good for a reference that many askers got wrong, without locking anyone out', () => {
    expect(proofThrottle([], failedMinutesAgo(1, 2, 3, 4, 50), now)).toEqual({ allowed: true, attemptsLeft: 3, codeOnlyMinutes: 10 });
    expect(proofThrottle([], failedMinutesAgo(1, 2, 3, 4, 61), now)).toEqual({ allowed: true, attemptsLeft: 3 });
  });

  it('keeps an asker’s own lock whatever happened on the reference', () => {
    expect(proofThrottle(failedMinutesAgo(1, 2, 3), failedMinutesAgo(1, 2, 3, 4, 5), now)).toEqual({ allowed: false, retryAfterMinutes: 12 });
  });
});

describe(proofMatches.name, () => {
  const phone = { kind: 'phone', value: '+447911123456' };
  it.each([
    ['3456', true],
    [' 34 56 ', true],
    ['07911 123456', true],
    ['3455', false],
    ['456', false],
  ])('phone proof %p is %p', (proof, expected) => {
    expect(proofMatches(phone, proof)).toBe(expected);
  });

  it('compares emails without regard to case', () => {
    expect(proofMatches({ kind: 'email', value: 'sam@example.com' }, 'Sam@Example.com')).toBe(true);
    expect(proofMatches({ kind: 'email', value: 'sam@example.com' }, 'sam@example.co')).toBe(false);
  });

  it('has nothing to match for a web chat contact', () => {
    expect(proofMatches({ kind: 'webchat', value: 'abc' }, 'abc')).toBe(false);
  });
});
