import { describe, expect, it } from '@jest/globals';
import twilio from 'twilio';
import { DeliveryError } from '../../src/notifications/channel-notifier.js';
import { deliveryErrorFrom } from './twilio-client.js';

const restException = (status: number, code: number, message: string) =>
  new twilio.RestException({ statusCode: status, body: { status, code, message } });

describe(deliveryErrorFrom.name, () => {
  it.each([
    [400, 21211, true],
    [400, 21610, true],
    [400, 21614, true],
    [404, 20404, true],
    [429, 20429, false],
    [401, 20003, false],
    [500, 20500, false],
    [503, 20503, false],
  ])('treats HTTP %i (Twilio %i) as permanent: %s', (status, code, permanent) => {
    const error = deliveryErrorFrom(restException(status, code, 'Refused'));
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error.permanent).toBe(permanent);
    expect(error.message).toBe(`Twilio ${code}: Refused`);
  });

  it('masks a number Twilio quotes back', () => {
    const error = deliveryErrorFrom(restException(400, 21211, "The 'To' number +447911123456 is not a valid phone number."));
    expect(error.message).toBe("Twilio 21211: The 'To' number +44 •••• ••• 456 is not a valid phone number.");
  });

  it('treats a network failure as passing', () => {
    const error = deliveryErrorFrom(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }));
    expect(error.permanent).toBe(false);
    expect(error.message).toBe('Twilio could not be reached: connect ECONNREFUSED 127.0.0.1:9');
  });
});
