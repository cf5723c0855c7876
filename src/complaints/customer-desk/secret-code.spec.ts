import { beforeAll, describe, expect, it } from '@jest/globals';
import { generateSecretCode, hashSecretCode, secretCodeMatches } from './secret-code.js';

describe(generateSecretCode.name, () => {
  it('makes six characters of the references’ alphabet, in two groups', () => {
    expect(generateSecretCode()).toMatch(/^[0-9A-HJKMNP-TV-Z]{3}-[0-9A-HJKMNP-TV-Z]{3}$/);
    expect(generateSecretCode(() => 0)).toBe('000-000');
  });
});

describe(secretCodeMatches.name, () => {
  const code = 'K7P-M4X';
  let stored: string;
  beforeAll(async () => {
    stored = await hashSecretCode(code);
  });

  it('keeps no trace of the code in what is stored', async () => {
    expect(stored).toMatch(/^scrypt\$/);
    expect(stored).not.toContain('K7P');
    expect(stored).not.toContain('M4X');
    expect(await hashSecretCode(code)).not.toBe(stored);
  });

  it.each([['K7P-M4X'], ['k7pm4x'], [' k7p m4x '], ['K7P.M4X']])('takes %p', async (typed) => {
    expect(await secretCodeMatches(typed, stored)).toBe(true);
  });

  it('reads O as 0 and I or L as 1, as people type them', async () => {
    expect(await secretCodeMatches('ABO-1L1', await hashSecretCode('AB0-111'))).toBe(true);
  });

  it.each([['K7P-M4Y'], ['K7PM4'], ['K7P-M4XX'], ['3456'], ['']])('refuses %p', async (typed) => {
    expect(await secretCodeMatches(typed, stored)).toBe(false);
  });

  it('refuses everything when there is no code', async () => {
    expect(await secretCodeMatches('000-000', null)).toBe(false);
  });
});
