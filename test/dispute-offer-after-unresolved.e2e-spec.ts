import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChannelRegistry } from '../src/channels/channel-registry.js';
import { NotifierRegistry } from '../src/notifications/notifier-registry.js';
import { OutboxRelay } from '../src/notifications/outbox-relay.js';
import { MessageRenderer } from '../src/notifications/rendering/message-renderer.js';
import { dialects } from './support/databases.js';
import { RecordingNotifier } from './support/recording-notifier.js';
import { startApp, type RunningApp } from './support/test-app.js';

/**
 * With the default code of conduct, which names no provider, a complaint whose final response is overdue is offered a
 * review by a supervisor, said plainly not to be independent; when staff then mark it unresolved, the customer's
 * message points to that offer, which is not made twice.
 */
describe.each(dialects())('the options after a complaint goes unresolved, on %s', (dialect) => {
  let server: RunningApp;
  const sms = new RecordingNotifier('sms');

  beforeAll(async () => {
    server = await startApp(dialect);
    server.app.get(ChannelRegistry).declare({ id: 'slack', audience: 'staff', notifier: new RecordingNotifier('slack') });
    server.app.get(NotifierRegistry).register(sms);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('offers a review by a supervisor once, and the unresolved message points to it', async () => {
    const filed = await server.request('POST', '/api/complaints', {
      body: { channel: 'api', contact: { kind: 'phone', value: '+44 7911 123456' }, category: 'billing', description: 'Charged twice.', acknowledge: true },
    });
    const reference = filed.body.reference as string;
    const relay = server.app.get(OutboxRelay);
    await relay.drain();
    // twenty business days pass with no answer
    server.clock.set('2026-04-06T10:00:00.000Z');
    await relay.drain();
    const marked = await server.request('POST', `/api/complaints/${reference}/actions`, { body: { action: 'mark_unresolved', reason: 'No answer in time.' } });
    expect(marked.status).toBe(200);
    await relay.drain();
    await relay.drain();

    const renderer = server.app.get(MessageRenderer);
    const told = sms.received.filter((m) => m.reference === reference).map((m) => renderer.render(m.payload, 'sms').text);
    expect(told.filter((text) => text.includes('you can ask for a review'))).toHaveLength(1);
    expect(told.some((text) => text.includes('You can ask for it to be looked at again: our message about your options explains how.'))).toBe(true);
    const offer = told.find((text) => text.includes('you can ask for a review'));
    expect(offer).toContain('A review by a supervisor in our team who has not dealt with your complaint. This is not independent: they work for us.');
    expect(offer).toContain('Reply OPTIONS to tell us what you want to do');
    expect((await server.request('GET', `/api/complaints/${reference}/dispute`)).body).toMatchObject({
      status: 'offered',
      options: [{ id: 'internal-review', independent: false }],
      referralDeadline: null,
    });
  });
});
