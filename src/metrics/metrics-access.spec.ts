import { describe, expect, it } from '@jest/globals';
import { isLoopback, metricsAccess } from './metrics-access.js';

const TOKEN = 'metrics-token-0123456789abcdef';

describe(metricsAccess.name, () => {
  it('lets anyone with the token in, wherever they call from', () => {
    expect(metricsAccess(TOKEN, `Bearer ${TOKEN}`, '192.0.2.7')).toEqual({ allowed: true });
  });

  it('asks for the token when none is sent, and refuses another one, from this machine too', () => {
    expect(metricsAccess(TOKEN, undefined, '127.0.0.1')).toMatchObject({ allowed: false, status: 401 });
    expect(metricsAccess(TOKEN, `Bearer ${TOKEN}x`, '127.0.0.1')).toMatchObject({ allowed: false, status: 403 });
    expect(metricsAccess(TOKEN, `Basic ${TOKEN}`, '127.0.0.1')).toMatchObject({ allowed: false, status: 401 });
  });

  it('without a token, answers this machine only', () => {
    expect(metricsAccess(undefined, undefined, '127.0.0.1')).toEqual({ allowed: true });
    expect(metricsAccess(undefined, undefined, '::1')).toEqual({ allowed: true });
    expect(metricsAccess(undefined, undefined, '::ffff:127.0.0.1')).toEqual({ allowed: true });
    expect(metricsAccess(undefined, undefined, '192.0.2.7')).toMatchObject({ allowed: false, status: 403, code: 'metrics_local_only' });
    expect(metricsAccess(undefined, undefined, '::ffff:10.1.2.3')).toMatchObject({ allowed: false, status: 403 });
    expect(metricsAccess(undefined, undefined, undefined)).toMatchObject({ allowed: false, status: 403 });
  });
});

describe(isLoopback.name, () => {
  it('knows the loopback addresses and nothing else', () => {
    expect(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'].every(isLoopback)).toBe(true);
    expect(['10.0.0.1', 'fd00::2', '0.0.0.0', 'localhost', ''].some(isLoopback)).toBe(false);
  });
});
