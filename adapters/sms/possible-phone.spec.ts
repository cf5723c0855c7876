import { describe, expect, it } from '@jest/globals';
import { possiblePhone } from './possible-phone.js';

describe(possiblePhone.name, () => {
  it('gives a possible number in E.164', () => {
    expect(possiblePhone('+44 7911 123456')).toBe('+447911123456');
    expect(possiblePhone('+447911123456')).toBe('+447911123456');
  });

  it('gives nothing for what is not a possible number, asked again too', () => {
    expect(possiblePhone('+44 12')).toBeUndefined();
    expect(possiblePhone('+44 12')).toBeUndefined();
    expect(possiblePhone('hello')).toBeUndefined();
  });
});
