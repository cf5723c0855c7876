import { describe, expect, it } from '@jest/globals';
import { deliveryErrorFrom } from './smtp-errors.js';

function smtpError(message: string, fields: Record<string, unknown>): Error {
  return Object.assign(new Error(message), fields);
}

describe(deliveryErrorFrom.name, () => {
  it('gives up on a mailbox the server says does not exist', () => {
    const error = deliveryErrorFrom(smtpError('Can\'t send mail - all recipients were rejected: 550 5.1.1 No such user', { code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO' }));
    expect(error.permanent).toBe(true);
    expect(error.message).toContain('550 5.1.1 No such user');
  });

  it('tries again after a temporary refusal, a lost connection or a refused login', () => {
    expect(deliveryErrorFrom(smtpError('451 4.7.1 Greylisted', { code: 'EENVELOPE', responseCode: 451, command: 'RCPT TO' })).permanent).toBe(false);
    expect(deliveryErrorFrom(smtpError('Connection timeout', { code: 'ETIMEDOUT', command: 'CONN' })).permanent).toBe(false);
    expect(deliveryErrorFrom(smtpError('Invalid login: 535 Authentication failed', { code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN' })).permanent).toBe(false);
  });
});
