import { describe, expect, it } from '@jest/globals';
import { mailgunSignature, mailgunSignatureValid } from './mailgun-signature.js';

const KEY = 'key-3ax6xnjp29jd6fds4gc373sgvjxteol0';
const NOW = new Date('2026-03-02T10:00:00.000Z');
const timestamp = String(NOW.getTime() / 1000);
const token = 'a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0';

describe(mailgunSignatureValid.name, () => {
  it('takes what Mailgun signed with our key', () => {
    expect(mailgunSignatureValid({ timestamp, token, signature: mailgunSignature(KEY, timestamp, token) }, KEY, NOW)).toBe(true);
  });

  it('matches a signature worked out independently: HMAC-SHA256 over timestamp then token, in hex', () => {
    // printf '1772445600token' | openssl dgst -sha256 -hmac key
    expect(mailgunSignature('key', '1772445600', 'token')).toBe('d9bc17228762e815de3247a8b9d68bf3c55e2342004cac0b6ea860a2d20c7025');
  });

  it('refuses another key, a changed token, a missing field and an old timestamp', () => {
    const signature = mailgunSignature(KEY, timestamp, token);
    expect(mailgunSignatureValid({ timestamp, token, signature }, 'another-key', NOW)).toBe(false);
    expect(mailgunSignatureValid({ timestamp, token: token.replace('a', 'b'), signature }, KEY, NOW)).toBe(false);
    expect(mailgunSignatureValid({ timestamp, signature }, KEY, NOW)).toBe(false);
    expect(mailgunSignatureValid({ timestamp, token, signature: 'zz' }, KEY, NOW)).toBe(false);
    const hourLater = new Date(NOW.getTime() + 3_600_000);
    expect(mailgunSignatureValid({ timestamp, token, signature }, KEY, hourLater)).toBe(false);
  });
});
