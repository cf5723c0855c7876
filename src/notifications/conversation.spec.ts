import { describe, expect, it } from '@jest/globals';
import { conversationOf } from './conversation.js';

describe(conversationOf.name, () => {
  it.each([
    ['a text to a phone', 'sms', { address: '+447911123456' }, 'sms:+447911123456'],
    ['a web chat conversation', 'webchat', { address: 'c-123' }, 'webchat:c-123'],
    ['the same address on another channel', 'email', { address: '+447911123456' }, 'email:+447911123456'],
    ['a staff card', 'slack', { channel: 'C0123ABCD' }, null],
    ['a scheduled check', 'scheduler', {}, null],
    ['an empty address', 'sms', { address: '' }, null],
    ['an address that is not text', 'sms', { address: 447911123456 }, null],
  ])('%s', (_name, channel, recipient, expected) => {
    expect(conversationOf(channel, recipient)).toBe(expected);
  });
});
