import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { ActivityHandler, ConversationState, type Storage, type TurnContext } from 'botbuilder';
import pg from 'pg';
import { ChannelRegistry } from '../src/channels/channel-registry.js';
import { CUSTOMER_DESK, type CustomerDesk } from '../src/complaints/customer-desk/customer-desk.js';
import { OutboxRelay } from '../src/notifications/outbox-relay.js';
import { RetentionSweep } from '../src/privacy/retention-sweep.js';
import { openDatabase } from './support/databases.js';
import { eventually } from './support/eventually.js';
import { RecordingNotifier } from './support/recording-notifier.js';
import { StaffBrowser } from './support/staff-browser.js';
import { STAFF_KEY, startApp, startBeside, type BotFactory, type RunningApp } from './support/test-app.js';
import { DirectLineClient, directLine } from './support/web-chat.js';

jest.setTimeout(120_000);

/**
 * Two instances of Redress in one test process on one PostgreSQL database, as two servers behind a load balancer:
 * what one counts or holds, the other sees. SQLite serves one instance; its behaviour is what the other e2e tests show.
 */
const onPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

/**
 * Counts a conversation's messages in its dialog state. Between reading the count and saving it, it waits a little,
 * so that a turn of the same conversation running meanwhile on the other instance would read the same count.
 */
class SlowCountingBot extends ActivityHandler {
  constructor(storage: Storage) {
    super();
    const state = new ConversationState(storage);
    const heard = state.createProperty<number>('heard');
    this.onMessage(async (context: TurnContext, next) => {
      const count = (await heard.get(context, 0)) + 1;
      await new Promise((resolve) => setTimeout(resolve, 300));
      await heard.set(context, count);
      await state.saveChanges(context);
      await context.sendActivity(`heard ${context.activity.text} (${count})`);
      await next();
    });
  }
}
const bot: BotFactory = (storage) => new SlowCountingBot(storage);

onPostgres('two instances on one PostgreSQL database', () => {
  let first: RunningApp;
  let second: RunningApp;
  const limits = { CHAT_STARTS_PER_MINUTE: '4', CHAT_MESSAGES_PER_MINUTE: '4', TRUST_PROXY: 'loopback' };

  beforeAll(async () => {
    first = await startApp('postgres', limits, '2026-03-02T10:00:00.000Z', { bot });
    second = await startBeside(first, limits, { bot });
  }, 180_000);

  afterAll(async () => {
    await second?.stop();
    await first?.stop();
  });

  const startOn = (server: RunningApp, address: string) =>
    directLine(server.baseUrl, 'POST', '/conversations', { body: { locale: 'en-GB' }, headers: { 'x-forwarded-for': address } });

  it('counts a client address its new web chat conversations on both instances together', async () => {
    const answers = [];
    for (const server of [first, second, first, second]) answers.push((await startOn(server, '198.51.100.7')).status);
    expect(answers).toEqual([201, 201, 201, 201]);

    for (const server of [first, second]) {
      const refused = await startOn(server, '198.51.100.7');
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ code: 'too_many_requests', message: expect.stringMatching(/try again in \d+ s/) });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // another address has its own allowance on either
    expect((await startOn(second, '198.51.100.8')).status).toBe(201);
  });

  it("counts a conversation's messages on both instances together, and keeps a refused one out of the transcript", async () => {
    const onFirst = await DirectLineClient.start(first.baseUrl);
    const onSecond = new DirectLineClient(second.baseUrl, onFirst.conversationId, onFirst.token);
    await onFirst.say('one');
    await onSecond.say('two');
    await onFirst.say('three');
    await onSecond.say('four');

    for (const client of [onFirst, onSecond]) {
      const refused = await client.post({ type: 'message', text: 'five', locale: 'en-GB', channelData: { clientActivityID: 'five' } });
      expect(refused.status).toBe(429);
      expect(refused.body.code).toBe('too_many_requests');
    }
    await onSecond.waitForBot(/^heard four/);
    expect(onSecond.seen.filter((a) => a.from.role === 'user').map((a) => a.text)).toEqual(['one', 'two', 'three', 'four']);
  });

  it("runs one conversation's turns one at a time when both instances take one at once: the second sees the first's state", async () => {
    const onFirst = await DirectLineClient.start(first.baseUrl);
    const onSecond = new DirectLineClient(second.baseUrl, onFirst.conversationId, onFirst.token);
    await Promise.all([onFirst.say('left'), onSecond.say('right')]);

    await onFirst.waitForBot(/^heard \w+ \(2\)$/);
    const said = onFirst.botTexts();
    expect(said).toHaveLength(2);
    expect(said.map((text) => text.replace(/^heard \w+ /u, ''))).toEqual(['(1)', '(2)']);
    expect(said.map((text) => text.split(' ')[1]).sort()).toEqual(['left', 'right']);
    expect(said.join('\n')).not.toMatch(/Sorry/);
  });

  it('alerts about a missed deadline once, though both instances check deadlines', async () => {
    const recorders = [new RecordingNotifier('slack'), new RecordingNotifier('slack')];
    // Slack is not set up here: a recorder on each instance stands for the staff channel
    for (const [i, server] of [first, second].entries()) server.app.get(ChannelRegistry).declare({ id: 'slack', audience: 'staff', notifier: recorders[i] });
    const relays = [first, second].map((server) => server.app.get(OutboxRelay));
    const at = async (iso: string) => {
      await Promise.all(relays.map((relay) => relay.drain()));
      for (const server of [first, second]) server.clock.set(iso);
      await Promise.all(relays.map((relay) => relay.drain()));
    };

    await at('2026-03-02T10:00:00.000Z');
    const filed = await first.request('POST', '/api/complaints', {
      body: { channel: 'api', contact: { kind: 'phone', value: '+44 7911 123456' }, category: 'billing', description: 'I was charged twice for one order.' },
    });
    expect(filed.status).toBe(201);
    const reference = filed.body.reference as string;
    const ack = filed.body.deadlines.find((d: { indicator: string }) => d.indicator === 'time_to_acknowledge');
    await at(ack.warnAt);
    await at(ack.dueAt);
    await at('2026-03-03T18:00:00.000Z');

    const kinds = recorders.flatMap((recorder) => recorder.kinds(reference));
    expect(kinds.sort()).toEqual(['deadline_missed', 'deadline_warning']);
    const history = await second.request('GET', `/api/complaints/${reference}/history`);
    expect(history.body.events.filter((e: { type: string }) => e.type === 'deadline.missed')).toHaveLength(1);
  });

  it('runs the retention sweep once a day across both, and the other runs it when the one running it is gone', async () => {
    const sweeps = [first, second].map((server) => server.app.get(RetentionSweep));
    const db = await openDatabase('postgres', first.config.DATABASE_URL as string);
    try {
      // the sweep each instance asked for at start has settled: one ran it, the other found it done
      await eventually(async () => {
        expect(await db.all(`SELECT job FROM scheduled_runs ORDER BY job`)).toEqual([{ job: 'evidence-orphan-sweep' }, { job: 'retention-sweep' }]);
        expect(await db.all(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`)).toEqual([]);
      });
      const later = (hours: number) => {
        for (const server of [first, second]) server.clock.set(new Date(Date.parse('2026-03-04T10:00:00.000Z') + hours * 3_600_000).toISOString());
      };
      later(0);
      const ran = await Promise.all(sweeps.map((sweep) => sweep.runIfDue()));
      expect(ran.filter(Boolean)).toHaveLength(1);
      // not again the same day, on either
      later(12);
      expect(await Promise.all(sweeps.map((sweep) => sweep.runIfDue()))).toEqual([false, false]);

      // A day later a third instance is sweeping (a client of its own holds the sweep's lock): neither starts another.
      // Then that instance dies mid-sweep: its connection ends, the lock goes with it, and the next ask sweeps.
      later(25);
      const dying = new pg.Client({ connectionString: first.config.DATABASE_URL });
      await dying.connect();
      await dying.query(`SELECT pg_advisory_lock(hashtextextended('scheduled:retention-sweep', 0))`);
      expect(await Promise.all(sweeps.map((sweep) => sweep.runIfDue()))).toEqual([false, false]);
      await dying.end();
      expect(await sweeps[1].runIfDue()).toBe(true);
      expect(await sweeps[0].runIfDue()).toBe(false);
    } finally {
      await db.close();
    }
  });

  it('checks answers to "is it your complaint?" on one reference one at a time across instances, so a guess cannot slip in beside others', async () => {
    const filed = await first.request('POST', '/api/complaints', {
      body: { channel: 'api', contact: { kind: 'phone', value: '+44 7911 123456' }, category: 'billing', description: 'I was charged twice for one order.' },
    });
    expect(filed.status).toBe(201);
    const reference = filed.body.reference as string;
    const desks = [first, second].map((server) => server.app.get<CustomerDesk>(CUSTOMER_DESK));
    const guess = (i: number, digits: string) => desks[i % 2].lookUp(reference, { key: `webchat:guesser-${i}`, channel: 'webchat' }, digits);

    // Someone else is checking an answer on this reference (a client of the test's own holds its lock) while five
    // people guess the phone's last four digits wrongly, on both instances, and then a sixth guesses them rightly.
    const blocker = new pg.Client({ connectionString: first.config.DATABASE_URL });
    await blocker.connect();
    const lockKey = [`proof:${reference}`];
    const waiting = (count: number) =>
      eventually(async () => {
        const { rows } = await blocker.query(
          `SELECT COUNT(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        );
        expect(rows[0].n).toBe(count);
      });
    try {
      await blocker.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', lockKey);
      const wrong = [0, 1, 2, 3, 4].map((i) => guess(i, '0000'));
      await waiting(5);
      const right = guess(5, '3456');
      await waiting(6);
      await blocker.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', lockKey);

      const answers = await Promise.all(wrong);
      expect(answers.map((answer) => answer.outcome)).toEqual(['no_match', 'no_match', 'no_match', 'no_match', 'no_match']);
      // the five wrong answers, counted before the sixth was checked, leave only the secret code good
      expect(await right).toMatchObject({ outcome: 'no_match', codeOnlyMinutes: expect.any(Number) });
    } finally {
      await blocker.end();
    }
  });

  it('bars an address that tried ten wrong keys on the report page, whichever instance took them', async () => {
    const browsers = [new StaffBrowser(first.baseUrl), new StaffBrowser(second.baseUrl)];
    for (let tried = 0; tried < 10; tried++) {
      expect((await browsers[tried % 2].signInWithKey(`wrong-key-${tried}`)).status).toBe(401);
    }
    for (const browser of browsers) {
      const barred = await browser.signInWithKey(STAFF_KEY);
      expect(barred.status).toBe(429);
      expect(barred.text).toMatch(/Too many wrong keys were tried from here. Try again in \d+ minutes?\./u);
    }
  });
});
