import { describe, expect, it } from '@jest/globals';
import { replayableUntil, requestKey, withinRequestWindow } from './request-window.js';

const NOW = Date.parse('2026-12-05T10:00:00Z');
const nowSeconds = NOW / 1000;

describe(withinRequestWindow.name, () => {
  it.each([
    ['now', String(nowSeconds), true],
    ['five minutes ago', String(nowSeconds - 300), true],
    ['five minutes ahead', String(nowSeconds + 300), true],
    ['five minutes and a second ago', String(nowSeconds - 301), false],
    ['five minutes and a second ahead', String(nowSeconds + 301), false],
    ['a day ahead', String(nowSeconds + 86_400), false],
    ['missing', undefined, false],
    ['not a number', 'soon', false],
    ['a fraction', `${nowSeconds}.5`, false],
  ])('a timestamp %s is %s', (_name, header, expected) => {
    expect(withinRequestWindow(header, NOW)).toBe(expected);
  });
});

describe(requestKey.name, () => {
  it('is the same for the same signature and different for another', () => {
    expect(requestKey('v0=abc')).toBe(requestKey('v0=abc'));
    expect(requestKey('v0=abc')).not.toBe(requestKey('v0=abd'));
    expect(requestKey('v0=abc')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe(replayableUntil.name, () => {
  it('outlasts the window from the later of the signing time and now', () => {
    expect(replayableUntil(nowSeconds, NOW).getTime()).toBeGreaterThan(NOW + 300_000);
    expect(replayableUntil(nowSeconds + 200, NOW).getTime()).toBeGreaterThan(NOW + 500_000);
  });
});
