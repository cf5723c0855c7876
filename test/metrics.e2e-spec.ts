import { createServer, type Server } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { OutboxRelay } from '../src/notifications/outbox-relay.js';
import { dialects } from './support/databases.js';
import { eventually } from './support/eventually.js';
import { FakeTwilio } from './support/fake-twilio.js';
import { SmsCustomer } from './support/sms-customer.js';
import { startApp, type RunningApp } from './support/test-app.js';
import { inboundSmsFields, postAsTwilio, smsSettings, testTwilioAccount } from './support/twilio-webhooks.js';
import { DirectLineClient } from './support/web-chat.js';

jest.setTimeout(180_000);

const OUR_NUMBER = '+447700900123';
const CUSTOMER = '+447911123456';
const TOKEN = 'metrics-token-for-the-tests-0123';

/** The value of one series in Prometheus text (`name{labels} value`), or undefined when it is not there. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe.each(dialects())('Prometheus metrics on %s', (dialect) => {
  const account = testTwilioAccount();
  let fake: FakeTwilio;
  let server: RunningApp;

  beforeAll(async () => {
    fake = await new FakeTwilio(account.accountSid, account.authToken).start();
    server = await startApp(dialect, { ...smsSettings(account, fake.url, OUR_NUMBER), METRICS_TOKEN: TOKEN });
  });

  afterAll(async () => {
    await server?.stop();
    await fake?.stop();
  });

  const metrics = async () => {
    const answer = await server.request('GET', '/metrics', { auth: false, headers: { authorization: `Bearer ${TOKEN}` } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/plain');
    return answer.text;
  };

  it('asks for the token, and refuses another one, even from this machine', async () => {
    const none = await server.request('GET', '/metrics', { auth: false });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    const wrong = await server.request('GET', '/metrics', { auth: false, headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.status).toBe(403);
    // the staff key is not the metrics token
    expect((await server.request('GET', '/metrics')).status).toBe(403);
    expect(wrong.text).not.toContain('redress_');
  });

  it('counts an SMS turn and a web chat turn by channel, with their durations, and the texts sent', async () => {
    const before = await metrics();
    const smsBefore = sample(before, 'redress_turns_total{channel="sms"}') ?? 0;
    const webBefore = sample(before, 'redress_turns_total{channel="webchat"}') ?? 0;

    const sam = new SmsCustomer(server, fake, account, CUSTOMER, OUR_NUMBER);
    expect((await sam.text('Hello')).replies.join('\n')).toContain('What would you like to do?');
    const chat = await DirectLineClient.start(server.baseUrl);
    await chat.waitForBot(/What would you like to do\?/);
    await chat.answer('Make a complaint', /Please tell me what happened/);

    const after = await metrics();
    expect(sample(after, 'redress_turns_total{channel="sms"}')).toBe(smsBefore + 1);
    expect(sample(after, 'redress_turns_total{channel="webchat"}')).toBeGreaterThan(webBefore);
    expect(sample(after, 'redress_turn_duration_seconds_count{channel="sms"}')).toBe(smsBefore + 1);
    expect(sample(after, 'redress_turn_duration_seconds_bucket{le="+Inf",channel="sms"}')).toBe(smsBefore + 1);
    expect(sample(after, 'redress_sends_total{channel="sms",result="sent"}')).toBeGreaterThanOrEqual(1);
    // labels are channels and results, never who wrote
    expect(after).not.toContain(CUSTOMER);
    expect(after).not.toContain(chat.conversationId);
    // the process itself, from prom-client's defaults
    expect(sample(after, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('reports a text owed and not yet taken by Twilio as outbox depth, then as settled once it is', async () => {
    expect(sample(await metrics(), 'redress_outbox_depth')).toBe(0);
    const sentBefore = sample(await metrics(), 'redress_sends_total{channel="sms",result="sent"}') ?? 0;
    const release = fake.holdNextAnswer();
    const fields = inboundSmsFields(account, { from: CUSTOMER, to: OUR_NUMBER, body: 'menu' });
    expect((await postAsTwilio(server.baseUrl, '/webhooks/twilio/sms', fields, account)).status).toBe(200);
    try {
      await eventually(async () => expect(sample(await metrics(), 'redress_outbox_depth')).toBe(1));
      expect(sample(await metrics(), 'redress_outbox_oldest_age_seconds')).toBeGreaterThanOrEqual(0);
      expect(sample(await metrics(), 'redress_inbound_queue_depth{channel="sms"}') ?? 0).toBe(0);
    } finally {
      release();
    }
    await eventually(async () => {
      const text = await metrics();
      expect(sample(text, 'redress_outbox_depth')).toBe(0);
      expect(sample(text, 'redress_sends_total{channel="sms",result="sent"}')).toBe(sentBefore + 1);
    });
  });
});

/** An address of this machine's own that is not loopback, if it has one. */
const otherAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && !a.internal && a.family === 'IPv4')?.address;

describe('Prometheus metrics without a token', () => {
  let server: RunningApp;
  let outside: Server | undefined;

  beforeAll(async () => {
    server = await startApp('sqlite', { TRUST_PROXY: 'loopback' });
  });

  afterAll(async () => {
    await new Promise((resolve) => (outside ? outside.close(resolve) : resolve(undefined)));
    await server?.stop();
  });

  it('is in the published reference beside the health checks', async () => {
    const json = await server.request('GET', '/docs/openapi.json', { auth: false });
    expect(Object.keys(json.body.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready', '/metrics']));
    const page = await server.request('GET', '/docs', { auth: false });
    const metricsEntry = page.text.slice(page.text.indexOf('<code>GET /metrics</code>'));
    expect(metricsEntry.slice(0, metricsEntry.indexOf('</section>'))).not.toContain('No key needed.');
  });

  it('answers a caller on this machine, whatever X-Forwarded-For claims', async () => {
    const answer = await server.request('GET', '/metrics', { auth: false, headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('redress_outbox_depth 0');
  });

  // A caller on another machine is simulated by the same application served on this machine's network address, so that
  // the connection comes from an address that is not loopback. A machine with no network interface cannot show it.
  (otherAddress ? it : it.skip)('refuses a caller from another address, whatever X-Forwarded-For claims', async () => {
    const served = createServer(server.app.getHttpAdapter().getInstance());
    outside = served;
    await new Promise<void>((resolve) => served.listen(0, otherAddress, resolve));
    const { port } = served.address() as { port: number };
    const answer = await fetch(`http://${otherAddress}:${port}/metrics`, { headers: { 'x-forwarded-for': '127.0.0.1' } });
    expect(answer.status).toBe(403);
    expect(await answer.json()).toMatchObject({ code: 'metrics_local_only' });
    // the same address reaches the rest of the application
    expect((await fetch(`http://${otherAddress}:${port}/health/live`)).status).toBe(200);
  });
});

describe.each(dialects())('deadline metrics on %s', (dialect) => {
  let server: RunningApp;

  beforeAll(async () => {
    server = await startApp(dialect);
  });

  afterAll(async () => {
    await server?.stop();
  });

  const metrics = async () => (await server.request('GET', '/metrics', { auth: false })).text;

  it('counts the deadline checks run and the deadline missed', async () => {
    const relay = server.app.get(OutboxRelay);
    const at = async (iso: string) => {
      // what is being sent is settled before the clock jumps, or its lease would lapse mid-send
      await relay.drain();
      server.clock.set(iso);
      await relay.drain();
    };
    server.clock.set('2026-03-02T10:00:00.000Z');
    const { body } = await server.request('POST', '/api/complaints', {
      body: { channel: 'api', contact: { kind: 'phone', value: '+44 7911 123456' }, category: 'billing', description: 'I was charged twice for one order.' },
    });
    const ack = body.deadlines.find((d: { indicator: string }) => d.indicator === 'time_to_acknowledge');
    expect(sample(await metrics(), 'redress_deadlines_missed_total')).toBe(0);

    await at(ack.warnAt);
    const warned = await metrics();
    expect(sample(warned, 'redress_deadline_checks_total{phase="warn"}')).toBeGreaterThanOrEqual(1);
    expect(sample(warned, 'redress_deadlines_missed_total')).toBe(0);

    await at(ack.dueAt);
    const missed = await metrics();
    expect(sample(missed, 'redress_deadline_checks_total{phase="due"}')).toBeGreaterThanOrEqual(1);
    expect(sample(missed, 'redress_deadlines_missed_total')).toBe(1);
    expect(sample(missed, 'redress_sends_total{channel="scheduler",result="delivered"}')).toBeGreaterThanOrEqual(2);
  });
});
