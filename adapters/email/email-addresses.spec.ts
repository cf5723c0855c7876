import { describe, expect, it } from '@jest/globals';
import { messageIdFor, outboxIdOf, referenceInAddresses, referenceInSubject, replyAddress } from './email-addresses.js';

describe('email addresses', () => {
  it('gives each complaint its own reply address, and finds the reference in it again', () => {
    const address = replyAddress('complaints@example.com', '7K4M-9P2Q');
    expect(address).toBe('complaints+7K4M-9P2Q@example.com');
    expect(referenceInAddresses(['someone@else.org', address.toLowerCase()])).toBe('7K4M-9P2Q');
    expect(replyAddress('complaints@example.com', null)).toBe('complaints@example.com');
  });

  it('ignores a plus-address that is not a reference', () => {
    expect(referenceInAddresses(['complaints+news@example.com'])).toBeUndefined();
    expect(referenceInAddresses(['complaints@example.com'])).toBeUndefined();
  });

  it('finds a reference in a subject only when its check character is right', () => {
    expect(referenceInSubject('Re: Your complaint 7K4M-9P2Q')).toBe('7K4M-9P2Q');
    expect(referenceInSubject('RE: su reclamación 7k4m-9p2q')).toBe('7K4M-9P2Q');
    expect(referenceInSubject('Re: Your complaint 7K4M-9P2R')).toBeUndefined();
    expect(referenceInSubject('Order ABCD-EFGH went missing')).toBeUndefined();
  });

  it('makes Message-IDs that lead back to their outbox message, and only ours', () => {
    const id = '0b6f2c3e-93a3-4a7e-8a51-0d2e4f6a8b9c';
    const messageId = messageIdFor(id, 'complaints@Example.com');
    expect(messageId).toBe(`<redress.${id}@example.com>`);
    expect(outboxIdOf(messageId)).toBe(id);
    expect(outboxIdOf('<CAF=abc@mail.gmail.com>')).toBeUndefined();
  });
});
