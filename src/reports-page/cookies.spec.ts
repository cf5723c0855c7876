import { describe, expect, it } from '@jest/globals';
import { readCookies } from './cookies.js';

describe(readCookies.name, () => {
  it('reads each cookie by name, keeping the first of a name given twice', () => {
    expect(readCookies('a=1; b=x%3Dy;a=2; c="q"')).toEqual({ a: '1', b: 'x=y', c: 'q' });
  });

  it('skips what is not a cookie', () => {
    expect(readCookies(undefined)).toEqual({});
    expect(readCookies('novalue; =x; bad=%E0%A4%A')).toEqual({});
  });
});
