import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { CASE_CARD_EVENT } from '../adapters/slack/case-card-claim.js';
import { CaseCardNotifier } from '../adapters/slack/case-card.notifier.js';
import { CaseCardRepository } from '../adapters/slack/case-card.repository.js';
import { DeliveryError } from '../src/notifications/channel-notifier.js';
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

  const fileAndFindCard = async () => {
    const created = await first.server.request('POST', '/api/complaints', { body: A_COMPLAINT });
    expect(created.status).toBe(201);
    const reference = created.body.reference as string;
    const message = await first.server.app
      .get(DataSource)
      .getRepository(OutboxMessageRecord)
      .findOneByOrFail({ reference, channel: 'slack', kind: 'case_card' });
    return { reference, message };
  };
  const cardsOf = (reference: string) => first.slack.of('chat.postMessage').filter((call) => !call.args.thread_ts && String(call.args.text).includes(reference));
  const recordedTs = async (reference: string) =>
    (await first.server.app.get(DataSource).query('SELECT ts FROM slack_case_cards WHERE reference = $1', [reference]))[0]?.ts as string | null | undefined;

  it('is not posted again by the other instance when the first posted it but never heard where (its claim is left behind)', async () => {
    first.slack.answerDelay = () => 0;
    const { reference, message } = await fileAndFindCard();
    // the card reaches Slack, but the first instance never hears so, as when it dies just after sending
    first.slack.loseNextAnswer('chat.postMessage');
    await expect(first.server.app.get(CaseCardNotifier).deliver(message)).rejects.toThrow(DeliveryError);
    expect(cardsOf(reference)).toHaveLength(1);
    expect(await recordedTs(reference)).toBeNull();
    // the card says in its metadata which case it is
    expect(cardsOf(reference)[0].args.metadata).toMatchObject({ event_type: CASE_CARD_EVENT, event_payload: { reference } });

    // the other instance takes the delivery up at once, with no wait for the claim to lapse, and finds the card
    const receipt = await second.app.get(CaseCardNotifier).deliver({ ...message, attempts: 2 } as OutboxMessageRecord);

    expect(cardsOf(reference)).toHaveLength(1);
    const [card] = cardsOf(reference);
    expect(receipt).toEqual({ providerId: card.ts });
    expect(await recordedTs(reference)).toBe(card.ts);
    const looked = first.slack.of('conversations.history').at(-1);
    expect(looked?.args).toMatchObject({ channel: CASES_CHANNEL, include_all_metadata: 'true' });
    // and brings it up to date in place rather than posting another
    expect(first.slack.of('chat.update').filter((call) => call.args.ts === card.ts)).toHaveLength(1);
  });

  it('is posted once, at once, by the other instance when the first claimed it and died before its post reached Slack', async () => {
    const { reference, message } = await fileAndFindCard();
    // what an instance that died between its claim and its post leaves: the claim, and no card in the channel
    expect(await first.server.app.get(CaseCardRepository).claim(reference, CASES_CHANNEL)).toHaveProperty('claimedAt');
    expect(cardsOf(reference)).toHaveLength(0);

    const receipt = await second.app.get(CaseCardNotifier).deliver({ ...message, attempts: 2 } as OutboxMessageRecord);

    const cards = cardsOf(reference);
    expect(cards).toHaveLength(1);
    expect(receipt).toEqual({ providerId: cards[0].ts });
    expect(await recordedTs(reference)).toBe(cards[0].ts);
    expect(cards[0].args.metadata).toMatchObject({ event_type: CASE_CARD_EVENT, event_payload: { reference } });
  });

  it('is taken back by an instance that posted it after its claim was taken over (its lock gone while it posted)', async () => {
    const { reference, message } = await fileAndFindCard();
    // While the first instance's card is on its way, the second takes its claim over, as it would once the first's
    // lock connection had dropped: the first then holds a claim that is no longer its own.
    first.slack.answerDelay = (method, args) => (method === 'chat.postMessage' && !args.thread_ts ? 500 : 0);
    let takenOver: Promise<string | null> | undefined;
    first.slack.onCall = (call) => {
      const payload = call.args.metadata?.event_payload;
      if (!takenOver && call.method === 'chat.postMessage' && payload?.reference === reference) {
        takenOver = second.app.get(CaseCardRepository).takeOver(reference, CASES_CHANNEL, payload.claimed_at);
      }
    };
    try {
      await expect(first.server.app.get(CaseCardNotifier).deliver(message)).rejects.toThrow(/took over the card/);
    } finally {
      first.slack.onCall = () => undefined;
      first.slack.answerDelay = () => 0;
    }
    expect(await takenOver).toEqual(expect.any(String));
    const [posted] = cardsOf(reference);
    // the first deleted its own card: the channel does not show it
    expect(first.slack.of('chat.delete').map((call) => call.args.ts)).toContain(posted.ts);
    expect(await recordedTs(reference)).toBeNull();

    // the claim the second took is left in its turn (say it died before posting): the next delivery looks in the
    // channel, finds no card there, and posts the one card the channel shows
    const receipt = await second.app.get(CaseCardNotifier).deliver({ ...message, attempts: 2 } as OutboxMessageRecord);
    const cards = cardsOf(reference);
    expect(cards).toHaveLength(2);
    expect(receipt).toEqual({ providerId: cards[1].ts });
    expect(await recordedTs(reference)).toBe(cards[1].ts);
    const history = await fetch(`${first.slack.apiUrl}conversations.history`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel: CASES_CHANNEL, include_all_metadata: true, limit: 999 }),
    }).then((response) => response.json() as Promise<{ messages: { ts: string; metadata?: { event_payload?: { reference?: string } } }[] }>);
    expect(history.messages.filter((m) => m.metadata?.event_payload?.reference === reference).map((m) => m.ts)).toEqual([cards[1].ts]);
  });
});
