import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { UnitOfWork } from '../src/database/unit-of-work.js';
import { DeliveryError, type ChannelNotifier } from '../src/notifications/channel-notifier.js';
import { NotifierRegistry } from '../src/notifications/notifier-registry.js';
import { OutboxMessageRecord } from '../src/notifications/outbox-message.entity.js';
import { OutboxRelay } from '../src/notifications/outbox-relay.js';
import { OutboxSettlement } from '../src/notifications/outbox-settlement.js';
import { Outbox, type Handover, type NewOutboxMessage } from '../src/notifications/outbox.js';
import { dialects } from './support/databases.js';
import { startApp, type RunningApp } from './support/test-app.js';

/** A provider that fails as told, then takes messages, remembering what it took. */
class ScriptedNotifier implements ChannelNotifier {
  readonly channel = 'test';
  readonly delivered: string[] = [];
  failures: Error[] = [];

  async deliver(message: OutboxMessageRecord) {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.delivered.push(String(message.payload.text));
    return { providerId: `P-${this.delivered.length}` };
  }
}

const message = (text: string, extra: Partial<NewOutboxMessage> = {}): NewOutboxMessage => ({
  reference: null,
  channel: 'test',
  kind: 'status_update',
  recipient: { to: 'someone' },
  payload: { text },
  ...extra,
});

describe.each(dialects())('the outbox on %s', (dialect) => {
  let server: RunningApp;
  let notifier: ScriptedNotifier;
  let outbox: Outbox;
  let relay: OutboxRelay;
  let uow: UnitOfWork;

  beforeAll(async () => {
    server = await startApp(dialect);
    outbox = server.app.get(Outbox);
    relay = server.app.get(OutboxRelay);
    uow = server.app.get(UnitOfWork);
  });

  beforeEach(async () => {
    notifier = new ScriptedNotifier();
    server.app.get(NotifierRegistry).register(notifier);
    await server.app.get(DataSource).query('DELETE FROM outbox_messages');
  });

  afterAll(async () => {
    await server?.stop();
  });

  const rows = () => server.app.get(DataSource).getRepository(OutboxMessageRecord).find({ order: { createdAt: 'ASC' } });

  it('delivers a committed message once, with the provider id', async () => {
    await uow.transaction(() => outbox.enqueue([message('Your complaint is being investigated.')]));
    await relay.drain();
    await relay.drain();
    expect(notifier.delivered).toEqual(['Your complaint is being investigated.']);
    expect(await rows()).toMatchObject([{ status: 'sent', providerId: 'P-1', attempts: 1 }]);
  });

  it('never sends a message whose transaction rolled back', async () => {
    await expect(
      uow.transaction(async () => {
        await outbox.enqueue([message('Should never leave')]);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await relay.drain();
    expect(notifier.delivered).toEqual([]);
    expect(await rows()).toEqual([]);
  });

  it('writes a message with the same dedupe key only once', async () => {
    await uow.transaction(() => outbox.enqueue([message('Deadline near', { dedupeKey: 'alert:X:1' })]));
    await uow.transaction(() => outbox.enqueue([message('Deadline near', { dedupeKey: 'alert:X:1' })]));
    await relay.drain();
    expect(notifier.delivered).toEqual(['Deadline near']);
  });

  it('retries a temporary failure with growing waits until it is delivered', async () => {
    notifier.failures = [new Error('503 from provider'), new Error('timeout')];
    await uow.transaction(() => outbox.enqueue([message('Retry me')]));

    await relay.drain();
    let [row] = await rows();
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: '503 from provider' });
    const firstWait = Date.parse(row.nextAttemptAt) - Date.parse('2026-03-02T10:00:00.000Z');
    expect(firstWait).toBeGreaterThan(0);

    await relay.drain(); // not due yet: nothing happens
    expect(notifier.delivered).toEqual([]);

    server.clock.set(row.nextAttemptAt);
    await relay.drain();
    [row] = await rows();
    expect(row).toMatchObject({ status: 'pending', attempts: 2, lastError: 'timeout' });
    const secondWait = Date.parse(row.nextAttemptAt) - Date.parse(row.updatedAt);
    expect(secondWait).toBeGreaterThanOrEqual(firstWait / 2);

    server.clock.set(row.nextAttemptAt);
    await relay.drain();
    expect(notifier.delivered).toEqual(['Retry me']);
    expect(await rows()).toMatchObject([{ status: 'sent', attempts: 3, lastError: null }]);
    server.clock.set('2026-03-02T10:00:00.000Z');
  });

  it('marks a permanent failure failed at once and tells whoever listens', async () => {
    const failed: string[] = [];
    server.app.get(OutboxSettlement).onFailed(async (m) => {
      failed.push(`${m.kind}: ${m.lastError}`);
    });
    notifier.failures = [new DeliveryError('number is not a mobile', true)];
    await uow.transaction(() => outbox.enqueue([message('Never arrives')]));
    await relay.drain();
    expect(await rows()).toMatchObject([{ status: 'failed', attempts: 1, lastError: 'number is not a mobile' }]);
    expect(failed).toContain('status_update: number is not a mobile');
  });

  it('marks a message for a channel nobody configured as failed', async () => {
    await uow.transaction(() => outbox.enqueue([message('Nowhere', { channel: 'pigeon' })]));
    await relay.drain();
    expect(await rows()).toMatchObject([{ status: 'failed', lastError: 'No pigeon channel is configured' }]);
  });

  it('takes back a message whose sender died mid-send once its lease runs out', async () => {
    await uow.transaction(() => outbox.enqueue([message('Half sent')]));
    const db = server.app.get(DataSource);
    await db.query(`UPDATE outbox_messages SET status = 'sending', attempts = 1, lease_until = '2026-03-02T10:00:30.000Z'`);
    await relay.drain();
    expect(notifier.delivered).toEqual([]);
    server.clock.set('2026-03-02T10:01:00.000Z');
    await relay.drain();
    expect(notifier.delivered).toEqual(['Half sent']);
    expect(await rows()).toMatchObject([{ status: 'sent', attempts: 2 }]);
    server.clock.set('2026-03-02T10:00:00.000Z');
  });
});

describe.each(dialects())('a customer conversation in the outbox on %s', (dialect) => {
  let server: RunningApp;
  let notifier: ScriptedNotifier;
  let outbox: Outbox;
  let relay: OutboxRelay;
  let uow: UnitOfWork;

  beforeAll(async () => {
    server = await startApp(dialect);
    outbox = server.app.get(Outbox);
    relay = server.app.get(OutboxRelay);
    uow = server.app.get(UnitOfWork);
  });

  beforeEach(async () => {
    notifier = new ScriptedNotifier();
    server.app.get(NotifierRegistry).register(notifier);
    await server.app.get(DataSource).query('DELETE FROM outbox_messages');
    server.clock.set('2026-03-02T10:00:00.000Z');
  });

  afterAll(async () => {
    await server?.stop();
  });

  const to = (address: string, text: string, extra: Partial<NewOutboxMessage> = {}) => message(text, { recipient: { address }, ...extra });
  const statusOf = async (text: string) => {
    const all = await server.app.get(DataSource).getRepository(OutboxMessageRecord).find();
    return all.find((row) => row.payload.text === text);
  };

  it('hands a customer\'s messages over in the order written, each after the one before was taken', async () => {
    // written in one transaction: the same instant, so only the order of writing tells them apart
    // the provider takes longer over the earlier ones: sent side by side, they would be taken last
    const taken: string[] = [];
    const slowness: Record<string, number> = { First: 60, Second: 30, Third: 0 };
    server.app.get(NotifierRegistry).register({
      channel: 'test',
      deliver: async (m: OutboxMessageRecord) => {
        await new Promise((resolve) => setTimeout(resolve, slowness[String(m.payload.text)]));
        taken.push(String(m.payload.text));
        return { providerId: `P-${taken.length}` };
      },
    });
    await uow.transaction(() => outbox.enqueue(['First', 'Second', 'Third'].map((text) => to('+447911123456', text))));
    await relay.drain();
    expect(taken).toEqual(['First', 'Second', 'Third']);
  });

  it('holds a customer\'s later messages while an earlier one waits to be tried again, and no one else\'s', async () => {
    notifier.failures = [new Error('503 from provider')];
    await uow.transaction(() =>
      outbox.enqueue([to('+447911123456', 'Your complaint is acknowledged.'), to('+447911123456', 'Reply 1 for yes.'), to('+447922000000', 'Hello, another customer.')]),
    );
    await relay.drain();
    expect(notifier.delivered).toEqual(['Hello, another customer.']);
    expect(await statusOf('Reply 1 for yes.')).toMatchObject({ status: 'pending', attempts: 0 });

    server.clock.set((await statusOf('Your complaint is acknowledged.'))!.nextAttemptAt);
    await relay.drain();
    expect(notifier.delivered).toEqual(['Hello, another customer.', 'Your complaint is acknowledged.', 'Reply 1 for yes.']);
  });

  it('lets the next message go once an earlier one has failed for good', async () => {
    notifier.failures = [new DeliveryError('number is not a mobile', true)];
    await uow.transaction(() => outbox.enqueue([to('+447911123456', 'Never arrives'), to('+447911123456', 'Arrives')]));
    await relay.drain();
    expect(notifier.delivered).toEqual(['Arrives']);
    expect(await statusOf('Never arrives')).toMatchObject({ status: 'failed' });
  });

  it('does not hold later messages behind one scheduled for later', async () => {
    await uow.transaction(() =>
      outbox.enqueue([to('+447911123456', 'Tomorrow', { notBefore: new Date('2026-03-03T10:00:00.000Z') }), to('+447911123456', 'Now')]),
    );
    await relay.drain();
    expect(notifier.delivered).toEqual(['Now']);
    server.clock.set('2026-03-03T10:00:00.000Z');
    await relay.drain();
    expect(notifier.delivered).toEqual(['Now', 'Tomorrow']);
  });

  it('sends a message handed over by its transaction once that commits, claimed by it and by no other claim', async () => {
    const writes = outbox.unclaimedWrites;
    const handover = await uow.transaction(() => outbox.enqueueHandedOver(to('+447911123456', 'Reply 1 for yes.')));
    expect(await statusOf('Reply 1 for yes.')).toMatchObject({ status: 'sending', attempts: 1 });
    expect(outbox.unclaimedWrites).toBe(writes);
    // committed, not yet given to the relay: no claim of the relay's takes it from its writer
    await relay.drain();
    expect(notifier.delivered).toEqual([]);
    handover.committed();
    await relay.drain();
    expect(notifier.delivered).toEqual(['Reply 1 for yes.']);
    expect(await statusOf('Reply 1 for yes.')).toMatchObject({ status: 'sent', attempts: 1, providerId: 'P-1' });
  });

  it('hands nothing over while an earlier message of the conversation is owed, and keeps the order', async () => {
    notifier.failures = [new Error('503 from provider')];
    await uow.transaction(() => outbox.enqueue([to('+447911123456', 'Your complaint is acknowledged.')]));
    await relay.drain();
    const writes = outbox.unclaimedWrites;
    const handover = await uow.transaction(() => outbox.enqueueHandedOver(to('+447911123456', 'Reply 1 for yes.')));
    handover.committed();
    // left for the relay to claim: its writer is told to wake the relay, or it would wait for the next poll
    expect(outbox.unclaimedWrites).toBe(writes + 1);
    await relay.drain();
    expect(await statusOf('Reply 1 for yes.')).toMatchObject({ status: 'pending', attempts: 0 });
    expect(notifier.delivered).toEqual([]);

    server.clock.set((await statusOf('Your complaint is acknowledged.'))!.nextAttemptAt);
    await relay.drain();
    expect(notifier.delivered).toEqual(['Your complaint is acknowledged.', 'Reply 1 for yes.']);
  });

  it('never sends a handed-over message whose transaction rolled back, and keeps no place for it', async () => {
    for (let i = 0; i < 25; i++) {
      let handover: Handover | undefined;
      await expect(
        uow.transaction(async () => {
          handover = await outbox.enqueueHandedOver(to(`+4479111234${String(i).padStart(2, '0')}`, `Should never leave ${i}`));
          throw new Error('the turn failed');
        }),
      ).rejects.toThrow('the turn failed');
      handover?.abandoned();
    }
    await relay.drain();
    expect(notifier.delivered).toEqual([]);
    expect(await server.app.get(DataSource).getRepository(OutboxMessageRecord).count()).toBe(0);
    // more than the relay's places were asked for and given back: it still takes the next one
    const handover = await uow.transaction(() => outbox.enqueueHandedOver(to('+447911123456', 'Arrives')));
    expect(await statusOf('Arrives')).toMatchObject({ status: 'sending' });
    handover.committed();
    await relay.drain();
    expect(notifier.delivered).toEqual(['Arrives']);
  });

  it('sends messages to staff side by side: they belong to no conversation', async () => {
    notifier.failures = [new Error('503 from provider')];
    await uow.transaction(() => outbox.enqueue([message('Card one', { recipient: { channel: 'C1' } }), message('Card two', { recipient: { channel: 'C1' } })]));
    await relay.drain();
    expect(notifier.delivered).toEqual(['Card two']);
  });
});

describe.each(dialects())('the outbox with a provider that never answers, on %s', (dialect) => {
  let server: RunningApp;

  beforeAll(async () => {
    // the shortest lease allowed, so a send is given up after 2.5 s
    server = await startApp(dialect, { CLAIM_LEASE_SECONDS: '5' });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('gives a hung send up at half the lease, frees its place, and sends it again later', async () => {
    const delivered: string[] = [];
    let hang = true;
    server.app.get(NotifierRegistry).register({
      channel: 'test',
      deliver: (m: OutboxMessageRecord) => {
        if (hang) {
          hang = false;
          return new Promise<never>(() => undefined);
        }
        delivered.push(String(m.payload.text));
        return Promise.resolve({ providerId: `P-${delivered.length}` });
      },
    });
    const uow = server.app.get(UnitOfWork);
    const relay = server.app.get(OutboxRelay);
    const rows = () => server.app.get(DataSource).getRepository(OutboxMessageRecord).find({ order: { createdAt: 'ASC' } });

    await uow.transaction(() => server.app.get(Outbox).enqueue([message('Stuck at first')]));
    await relay.drain();
    const [row] = await rows();
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: 'No answer from the provider within 2.5 s' });
    expect(delivered).toEqual([]);

    server.clock.set(row.nextAttemptAt);
    await relay.drain();
    expect(delivered).toEqual(['Stuck at first']);
    expect(await rows()).toMatchObject([{ status: 'sent', attempts: 2 }]);
  });
});
