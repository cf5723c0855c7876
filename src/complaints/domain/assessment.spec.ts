import { describe, expect, it } from '@jest/globals';
import { Assessment, priorityOf } from './assessment.js';

const base: Assessment = { severity: 'low', impact: 'low', complexity: 'low', urgency: 'low', healthOrSafety: false };

describe(priorityOf.name, () => {
  it.each<[Partial<Assessment>, string]>([
    [{}, 'low'],
    [{ urgency: 'high' }, 'medium'],
    [{ severity: 'medium', impact: 'medium', urgency: 'medium' }, 'medium'],
    [{ severity: 'high', impact: 'medium' }, 'high'],
    [{ severity: 'critical' }, 'high'],
    [{ severity: 'critical', impact: 'high', urgency: 'medium' }, 'critical'],
    [{ complexity: 'high' }, 'low'],
  ])('rates %p as %s', (overrides, expected) => {
    expect(priorityOf({ ...base, ...overrides })).toBe(expected);
  });

  it('puts anything touching health or safety at the top, however mild it looks', () => {
    expect(priorityOf({ ...base, healthOrSafety: true })).toBe('critical');
  });
});
