import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { CaseCardNotifier } from '../adapters/slack/case-card.notifier.js';
import { OutboxMessageRecord } from '../src/notifications/outbox-message.entity.js';
import { OutboxRelay } from '../src/notifications/outbox-relay.js';
import { A_COMPLAINT, BOT_TOKEN, CASES_CHANNEL, PEOPLE, startSlackApp, type SlackTestApp } from './support/slack-app.js';
import { SIGNING_SECRET } from './support/slack-requests.js';
import { startBeside, type RunningApp } from './support/test-app.js';

jest.setTimeout(120_000);

const onPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

onPostgres("a case's Slack card with two instances on one PostgreSQL database", () => {
  let first: SlackTestApp;
  let second: RunningApp;

  beforeAll(async () => {
    first = await startSlackApp('postgres');
    second = await startBeside(first.server, {
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: first.slack.apiUrl,
      SLACK_CASES_CHANNEL: CASES_CHANNEL,
      SLACK_HANDLERS: `${PEOPLE.handler},${PEOPLE.otherHandler}`,
      SLACK_SUPERVISORS: PEOPLE.supervisor,
    });
    // only the test delivers, so that it decides which instance delivers what, and when
    await second.app.get(OutboxRelay).onApplicationShutdown();
  }, 180_000);

  afterAll(async () => {
    await second?.stop();
    await first?.stop();
  });

  it('is posted once when both instances deliver it at the same moment (a relay whose lease lapsed, and the one that took it up)', async () => {
    const created = await first.server.request('POST', '/api/complaints', { body: A_COMPLAINT });
    expect(created.status).toBe(201);
    const reference = created.body.reference as string;
    const card = await first.server.app
      .get(DataSource)
      .getRepository(OutboxMessageRecord)
      .findOneByOrFail({ reference, channel: 'slack', kind: 'case_card' });
    // Slack takes its time answering, so the two deliveries overlap
    first.slack.answerDelay = (method) => (method === 'chat.postMessage' ? 300 : 0);

    await Promise.all([first.server, second].map((server) => server.app.get(CaseCardNotifier).deliver(card)));

    const cards = first.slack.of('chat.postMessage').filter((call) => !call.args.thread_ts && String(call.args.text).includes(reference));
    expect(cards).toHaveLength(1);
  });
});
