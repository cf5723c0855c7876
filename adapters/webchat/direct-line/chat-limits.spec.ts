import { describe, expect, it } from '@jest/globals';
import { clientKey } from './chat-limits.js';

describe(clientKey.name, () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1234:5678:9abc:def0:1:2', '2001:db8:1234:5678::/64'],
    ['2001:db8:1234:5678::ffff', '2001:db8:1234:5678::/64'],
    ['::1', '::/64'],
    ['', ''],
  ])('counts %p as %p', (address, key) => {
    expect(clientKey(address)).toBe(key);
  });
});
