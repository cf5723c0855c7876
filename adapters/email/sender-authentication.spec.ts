import { describe, expect, it } from '@jest/globals';
import { senderAuthentication, type HeaderLine } from './sender-authentication.js';

const line = (text: string): HeaderLine => ({ key: text.slice(0, text.indexOf(':')).toLowerCase(), line: text });
const SIGNED = line('DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;\r\n d=example.org; s=20230601; h=from:to:subject');

describe('senderAuthentication', () => {
  it('takes a DKIM pass when every signature is by the From domain or a parent of it', () => {
    const headerLines = [line('X-Mailgun-Dkim-Check-Result: Pass'), SIGNED];
    expect(senderAuthentication({ from: 'ana@example.org', headerLines }).authenticated).toBe(true);
    expect(senderAuthentication({ from: 'ana@mail.example.org', headerLines }).authenticated).toBe(true);
    expect(senderAuthentication({ from: 'ana@another.example', headerLines }).authenticated).toBe(false);
    expect(senderAuthentication({ from: 'ana@badexample.org', headerLines }).authenticated).toBe(false);
  });

  it('does not take a DKIM pass for a signature by another domain, or a failed one', () => {
    const other = line('DKIM-Signature: v=1; d=attacker.example; s=s1; h=from');
    expect(senderAuthentication({ from: 'ana@example.org', headerLines: [line('X-Mailgun-Dkim-Check-Result: Pass'), SIGNED, other] }).authenticated).toBe(false);
    expect(senderAuthentication({ from: 'ana@example.org', headerLines: [line('X-Mailgun-Dkim-Check-Result: Fail'), SIGNED] }).authenticated).toBe(false);
    expect(senderAuthentication({ from: 'ana@example.org', headerLines: [line('X-Mailgun-Dkim-Check-Result: Pass')] }).authenticated).toBe(false);
  });

  it('takes an SPF pass when the envelope sender is of the From domain', () => {
    const headerLines = [line('X-Mailgun-Spf: Pass')];
    expect(senderAuthentication({ from: 'ana@example.org', envelopeSender: 'bounces+x@example.org', headerLines }).authenticated).toBe(true);
    expect(senderAuthentication({ from: 'ana@example.org', envelopeSender: 'bounce@attacker.example', headerLines }).authenticated).toBe(false);
    expect(senderAuthentication({ from: 'ana@example.org', headerLines }).authenticated).toBe(false);
    for (const result of ['SoftFail', 'Neutral', 'Fail']) {
      expect(senderAuthentication({ from: 'ana@example.org', envelopeSender: 'ana@example.org', headerLines: [line(`X-Mailgun-Spf: ${result}`)] })).toEqual({
        authenticated: false,
        why: `neither DKIM (no verdict) nor SPF (${result.toLowerCase()}) passed for the From domain example.org`,
      });
    }
  });

  it('takes no verdict that appears twice: the sender wrote one of them', () => {
    const headerLines = [line('X-Mailgun-Spf: Fail'), line('X-Mailgun-Spf: Pass')];
    expect(senderAuthentication({ from: 'ana@example.org', envelopeSender: 'ana@example.org', headerLines })).toEqual({
      authenticated: false,
      why: 'a Mailgun verdict header appears more than once',
    });
  });

  it('takes nothing without any verdict', () => {
    expect(senderAuthentication({ from: 'ana@example.org', envelopeSender: 'ana@example.org', headerLines: [SIGNED] }).authenticated).toBe(false);
  });
});
