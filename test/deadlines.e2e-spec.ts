import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChannelRegistry } from '../src/channels/channel-registry.js';
import { NotifierRegistry } from '../src/notifications/notifier-registry.js';
import type { OutboxMessageRecord } from '../src/notifications/outbox-message.entity.js';
import { OutboxRelay } from '../src/notifications/outbox-relay.js';
import { MessageRenderer } from '../src/notifications/rendering/message-renderer.js';
import { dialects } from './support/databases.js';
import { RecordingNotifier } from './support/recording-notifier.js';
import { startApp } from './support/test-app.js';

const aComplaint = {
  channel: 'api',
  contact: { kind: 'phone', value: '+44 7911 123456' },
  category: 'billing',
  description: 'I was charged twice for one order.',
};

async function startWithRecorders(dialect: 'sqlite' | 'postgres', env: Record<string, string> = {}) {
  const server = await startApp(dialect, env);
  const slack = new RecordingNotifier('slack');
  const sms = new RecordingNotifier('sms');
  // Slack is not set up here: a recorder is declared as the staff channel in its place
  server.app.get(ChannelRegistry).declare({ id: 'slack', audience: 'staff', notifier: slack });
  server.app.get(NotifierRegistry).register(sms);
  const relay = server.app.get(OutboxRelay);
  const at = async (iso: string) => {
    // Whatever the relay is sending now is settled first: jumping days ahead mid-send would expire its lease, and
    // the send would rightly be taken up again as if its sender had died.
    await relay.drain();
    server.clock.set(iso);
    await relay.drain();
  };
  const renderer = server.app.get(MessageRenderer);
  /** What a customer reads of a message, worded as the SMS notifier words it when it sends it. */
  const words = (message: OutboxMessageRecord | undefined) => (message ? renderer.render(message.payload, 'sms').text : '');
  return { server, slack, sms, at, words };
}

describe.each(dialects())('deadline watch on %s', (dialect) => {
  describe('with the default code of conduct', () => {
    let env: Awaited<ReturnType<typeof startWithRecorders>>;

    beforeAll(async () => {
      env = await startWithRecorders(dialect);
    });

    afterAll(async () => {
      await env?.server.stop();
    });

    it('warns the assignee near a deadline and alerts supervisors when it is missed, once each', async () => {
      // Received Mon 2 Mar 10:00 GMT: acknowledge by close of Tue 3 Mar (17:00), warned at 80 % of the working time.
      env.server.clock.set('2026-03-02T10:00:00.000Z');
      const { body } = await env.server.request('POST', '/api/complaints', { body: aComplaint });
      const ack = body.deadlines.find((d: { indicator: string }) => d.indicator === 'time_to_acknowledge');

      await env.at('2026-03-02T12:00:00.000Z');
      expect(env.slack.kinds(body.reference)).toEqual([]);

      await env.at(ack.warnAt);
      expect(env.slack.kinds(body.reference)).toEqual(['deadline_warning']);
      expect(env.slack.received.at(-1)).toMatchObject({
        recipient: { audience: 'assignee' },
        payload: { indicator: 'time_to_acknowledge', dueAt: ack.dueAt },
      });

      await env.at(ack.dueAt);
      await env.at('2026-03-03T18:00:00.000Z');
      expect(env.slack.kinds(body.reference)).toEqual(['deadline_warning', 'deadline_missed']);
      expect(env.slack.received.at(-1)).toMatchObject({ recipient: { audience: 'supervisors' } });
      const history = await env.server.request('GET', `/api/complaints/${body.reference}/history`);
      const missed = history.body.events.filter((e: { type: string }) => e.type === 'deadline.missed');
      expect(missed).toMatchObject([{ actor: 'system:deadline-watch', data: { indicator: 'time_to_acknowledge', dueAt: ack.dueAt } }]);
    });

    it('says nothing about a promise that was kept', async () => {
      env.server.clock.set('2026-03-02T10:00:00.000Z');
      const { body } = await env.server.request('POST', '/api/complaints', { body: { ...aComplaint, acknowledge: true } });
      await env.at('2026-03-04T10:00:00.000Z');
      expect(env.slack.kinds(body.reference)).toEqual([]);
    });

    it('holds its alerts while waiting for the customer, and moves them with the deadline', async () => {
      env.server.clock.set('2026-03-02T10:00:00.000Z');
      const { body } = await env.server.request('POST', '/api/complaints', { body: { ...aComplaint, acknowledge: true } });
      const { reference } = body;
      const assessment = { severity: 'low', impact: 'low', complexity: 'low', urgency: 'low', healthOrSafety: false };
      for (const action of [{ action: 'assess', assessment }, { action: 'start_investigation' }, { action: 'request_information', question: 'Which card?' }]) {
        await env.server.request('POST', `/api/complaints/${reference}/actions`, { body: action });
      }
      // Waiting for the customer past the original final response date (Mon 30 Mar 17:00 BST): no alert.
      await env.at('2026-04-02T10:00:00.000Z');
      expect(env.slack.kinds(reference)).toEqual([]);

      const resumed = await env.server.request('POST', `/api/complaints/${reference}/actions`, {
        body: { action: 'receive_information', message: 'The debit card.' },
      });
      const final = resumed.body.deadlines.find((d: { indicator: string }) => d.indicator === 'time_to_final_response');
      expect(Date.parse(final.dueAt)).toBeGreaterThan(Date.parse('2026-04-20T00:00:00.000Z'));
      await env.at(final.warnAt);
      expect(env.slack.kinds(reference)).toEqual(['deadline_warning']);
    });

    it('tells a customer who has heard nothing for ten business days how it is going, and not one who has', async () => {
      env.server.clock.set('2026-03-02T10:00:00.000Z');
      const quiet = (await env.server.request('POST', '/api/complaints', { body: { ...aComplaint, acknowledge: true } })).body;
      const answered = (await env.server.request('POST', '/api/complaints', { body: { ...aComplaint, acknowledge: true } })).body;

      await env.at('2026-03-10T10:00:00.000Z');
      await env.server.request('POST', `/api/complaints/${answered.reference}/replies`, { body: { text: 'We are checking with the bank.' } });
      await env.server.app.get(OutboxRelay).drain();

      // Ten business days after Mon 2 Mar close at Mon 16 Mar 17:00 GMT.
      await env.at('2026-03-16T17:00:00.000Z');
      await env.server.app.get(OutboxRelay).drain();
      // the acknowledgement when it was keyed in, then nothing for ten business days
      expect(env.sms.kinds(quiet.reference)).toEqual(['status_update', 'progress_update']);
      expect(env.words(env.sms.received.find((m) => m.reference === quiet.reference && m.kind === 'progress_update'))).toBe(
        `Your complaint ${quiet.reference} is still being looked into. We will give you our answer by Monday 30 March.`,
      );
      expect(env.sms.kinds(answered.reference)).toEqual(['status_update', 'staff_reply']);
    });

    it('keeps a complaint whose final response is overdue open to investigation and an answer, and promises no date already gone', async () => {
      env.server.clock.set('2026-03-02T10:00:00.000Z');
      const { body } = await env.server.request('POST', '/api/complaints', { body: { ...aComplaint, acknowledge: true } });
      const { reference } = body;
      const final = body.deadlines.find((d: { indicator: string }) => d.indicator === 'time_to_final_response');
      await env.at(final.dueAt);
      await env.at('2026-04-16T10:00:00.000Z');

      expect((await env.server.request('GET', `/api/complaints/${reference}`)).body.status).toBe('acknowledged');
      expect(env.slack.kinds(reference)).toEqual(expect.arrayContaining(['deadline_missed']));
      const late = env.sms.received.filter((m) => m.reference === reference && m.kind === 'progress_update').at(-1);
      expect(env.words(late)).toBe(
        `Your complaint ${reference} is still being looked into. We are sorry it is taking longer than we promised; we will give you our answer as soon as we can.`,
      );
      const assessment = { severity: 'low', impact: 'low', complexity: 'low', urgency: 'low', healthOrSafety: false };
      for (const action of [
        { action: 'assess', assessment },
        { action: 'start_investigation' },
        { action: 'propose_response', outcome: 'We will refund the second charge.', explanation: 'It was taken in error.' },
      ]) {
        expect((await env.server.request('POST', `/api/complaints/${reference}/actions`, { body: action })).status).toBeLessThan(300);
      }
    });
  });

  describe('with the FCA profile', () => {
    let env: Awaited<ReturnType<typeof startWithRecorders>>;

    beforeAll(async () => {
      const file = join(tmpdir(), `redress-fca-${process.pid}-${dialect}.yaml`);
      writeFileSync(
        file,
        'profile: uk-fca\norganisation:\n  name: Example Bank plc\n  contactRoutes:\n    - { kind: phone, label: Complaints line, value: "+44 20 7946 0000" }\n',
      );
      env = await startWithRecorders(dialect, { CODE_OF_CONDUCT_FILE: file });
    });

    afterAll(async () => {
      await env?.server.stop();
    });

    it('asks the person with the case for the holding response a week before the 8 weeks are up, and alerts supervisors when none went', async () => {
      env.server.clock.set('2026-02-09T10:00:00.000Z');
      const { body } = await env.server.request('POST', '/api/complaints', { body: { ...aComplaint, acknowledge: true } });
      const holding = body.deadlines.find((d: { indicator: string }) => d.indicator === 'time_to_holding_response');
      expect(holding).toMatchObject({ dueAt: '2026-04-06T09:00:00.000Z', warnAt: '2026-03-30T09:00:00.000Z' });

      await env.at('2026-03-30T09:00:00.000Z');
      const asked = env.slack.received.filter((m) => m.reference === body.reference && m.kind === 'deadline_warning');
      expect(asked.map((m) => m.payload)).toContainEqual(expect.objectContaining({ indicator: 'time_to_holding_response', needs: 'holding_response' }));

      await env.at('2026-04-06T09:00:00.000Z');
      await env.server.app.get(OutboxRelay).drain();
      // without staff's reasons nothing can go to the customer: it is the supervisors' to act on
      expect(env.sms.kinds(body.reference)).not.toContain('holding_response');
      const missed = env.slack.received.filter((m) => m.reference === body.reference && m.kind === 'deadline_missed');
      expect(missed.map((m) => m.payload.indicator)).toEqual(expect.arrayContaining(['time_to_holding_response', 'time_to_final_response']));
      expect((await env.server.request('GET', `/api/complaints/${body.reference}`)).body.status).toBe('acknowledged');
    });
  });
});
