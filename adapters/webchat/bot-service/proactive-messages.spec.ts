import { describe, expect, it } from '@jest/globals';
import { deliveryErrorFrom } from './proactive-messages.js';

describe(deliveryErrorFrom.name, () => {
  it.each([
    [400, true],
    [403, true],
    [404, true],
    [401, false],
    [429, false],
    [500, false],
    [503, false],
  ])('treats a connector %i as permanent: %s', (statusCode, permanent) => {
    expect(deliveryErrorFrom({ statusCode, code: 'BadArgument' })).toMatchObject({ permanent, message: `Bot Framework connector answered ${statusCode} BadArgument` });
  });

  it('retries a connector it could not reach', () => {
    expect(deliveryErrorFrom({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:9' })).toMatchObject({
      permanent: false,
      message: 'Bot Framework connector could not be reached (ECONNREFUSED)',
    });
  });

  it('keeps neither the connector\'s message nor a code that is not one', () => {
    const error = deliveryErrorFrom({ statusCode: 400, code: 'Text was: call me on 07911 123456', message: 'Refused: call me on 07911 123456' });
    expect(error.message).toBe('Bot Framework connector answered 400');
  });
});
