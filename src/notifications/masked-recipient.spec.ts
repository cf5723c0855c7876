import { describe, expect, it } from '@jest/globals';
import { maskedRecipient } from './masked-recipient.js';

describe(maskedRecipient.name, () => {
  it('masks a phone number, also one with a channel prefix, and an email address', () => {
    expect(maskedRecipient({ address: '+447911123456' })).toBe('+44 •••• ••• 456');
    expect(maskedRecipient({ address: 'whatsapp:+447911123456' })).toBe('+44 •••• ••• 456');
    expect(maskedRecipient({ address: 'sam@example.com' })).toBe('s•••@e•••.com');
  });

  it('names nothing for a web chat conversation or a recipient without an address', () => {
    expect(maskedRecipient({ address: 'a1b2c3d4-conversation' })).toBeUndefined();
    expect(maskedRecipient({ channel: 'C0CASES01' })).toBeUndefined();
  });
});
