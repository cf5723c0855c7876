import { describe, expect, it } from '@jest/globals';
import { newStaffKey, parseStaffKey, secretMatches } from './staff-key-token.js';

describe(newStaffKey.name, () => {
  it('makes a token that parses back to its id, whose secret matches only its own hash', () => {
    const key = newStaffKey();
    expect(key.token).toMatch(/^rk_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    const parsed = parseStaffKey(key.token)!;
    expect(parsed.id).toBe(key.id);
    expect(secretMatches(parsed.secret, key.secretHash)).toBe(true);
    expect(secretMatches(parsed.secret, newStaffKey().secretHash)).toBe(false);
    expect(key.token).not.toContain(key.secretHash);
  });

  it('never repeats', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newStaffKey().id));
    expect(ids.size).toBe(200);
  });
});

describe(parseStaffKey.name, () => {
  it.each(['test-staff-key-0123456789', 'rk_short_x', `rk_abcdefabcdef_${'a'.repeat(42)}`, ''])('takes %p for no personal key', (token) => {
    expect(parseStaffKey(token)).toBeNull();
  });
});
