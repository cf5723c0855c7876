import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { dialects } from './support/databases.js';
import { CASES_CHANNEL, PEOPLE, startSlackApp, type SlackTestApp } from './support/slack-app.js';
import { blockAction, eventCallback, modalValue, slashCommand, viewSubmission } from './support/slack-requests.js';

const FORM = 'application/x-www-form-urlencoded';

describe.each(dialects())('Slack requests sent again, or signed for later, on %s', (dialect) => {
  let app: SlackTestApp;

  beforeAll(async () => {
    app = await startSlackApp(dialect);
  });

  beforeEach(() => {
    app.slack.clear();
  });

  afterAll(async () => {
    await app?.stop();
  });

  const now = () => Math.floor(Date.now() / 1000);
  const staffReplies = async (reference: string) => (await app.outbox(reference)).filter((m) => m.kind === 'staff_reply');

  it('acts once on a /complaint reply replayed byte for byte, and says so to the second', async () => {
    const { reference } = await app.file();
    const body = slashCommand({ text: `reply ${reference} Your refund is on its way.`, userId: PEOPLE.handler, responseUrl: app.slack.responseUrl() });
    const timestamp = now();
    const first = await app.send(body, FORM, { timestamp });
    const replay = await app.send(body, FORM, { timestamp });

    expect(first.status).toBe(200);
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual({ response_type: 'ephemeral', text: 'That request was already done once; nothing was done again.' });
    expect(await staffReplies(reference)).toHaveLength(1);
    expect(app.slack.of('response_url')).toHaveLength(1);
    await app.deliver();
    expect(app.customer.of(reference).filter((m) => m.kind === 'staff_reply').map((m) => m.text)).toEqual(['Your refund is on its way.']);
  });

  it('still acts on the same command typed again (a new request)', async () => {
    const { reference } = await app.file();
    const body = (n: number) => slashCommand({ text: `reply ${reference} Update ${n}`, userId: PEOPLE.handler, responseUrl: app.slack.responseUrl() });
    await app.send(body(1), FORM);
    await app.send(body(2), FORM);
    expect((await staffReplies(reference)).map((m) => m.payload.variables.text)).toEqual(['Update 1', 'Update 2']);
  });

  it('acts once on a Reply to customer submission replayed byte for byte', async () => {
    const { reference, cardTs } = await app.file();
    await app.send(
      blockAction({ actionId: 'case:reply', value: reference, userId: PEOPLE.handler, channelId: CASES_CHANNEL, messageTs: cardTs, responseUrl: app.slack.responseUrl() }),
      FORM,
    );
    const view = app.slack.of('views.open').at(-1)!.args.view;
    const body = viewSubmission({ view, userId: PEOPLE.handler, values: { text: modalValue.text('We have asked the courier to check.') } });
    const timestamp = now();
    const first = await app.send(body, FORM, { timestamp });
    const replay = await app.send(body, FORM, { timestamp });

    expect([first.status, replay.status]).toEqual([200, 200]);
    expect(replay.text).toBe('');
    expect(await staffReplies(reference)).toHaveLength(1);
    await app.deliver();
    expect(app.customer.of(reference).filter((m) => m.kind === 'staff_reply')).toHaveLength(1);
  });

  it('opens one form for a button press replayed byte for byte', async () => {
    const { reference, cardTs } = await app.file();
    const body = blockAction({ actionId: 'case:reply', value: reference, userId: PEOPLE.handler, channelId: CASES_CHANNEL, messageTs: cardTs, responseUrl: app.slack.responseUrl() });
    const timestamp = now();
    await app.send(body, FORM, { timestamp });
    await app.send(body, FORM, { timestamp });
    expect(app.slack.of('views.open')).toHaveLength(1);
  });

  it.each([
    ['a slash command', () => slashCommand({ text: 'reply REF Sent from the future', userId: PEOPLE.handler, responseUrl: app.slack.responseUrl() })],
    ['a thread note', () => eventCallback({ type: 'message', channel: CASES_CHANNEL, user: PEOPLE.handler, text: 'Future note', ts: '1772445800.000100', thread_ts: 'TS' }, `Ev-future-${Date.now()}`)],
  ])('refuses %s signed six minutes in the future with 401, and does nothing', async (kind, build) => {
    const { reference, cardTs } = await app.file();
    const before = await app.history(reference);
    const body = build().replace('REF', reference).replace('"TS"', JSON.stringify(cardTs));
    const response = await app.send(body, kind === 'a thread note' ? 'application/json' : FORM, { timestamp: now() + 6 * 60 });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ code: 'slack_signature_invalid' });
    expect(await app.history(reference)).toEqual(before);
    expect(await staffReplies(reference)).toEqual([]);
    expect(app.slack.of('response_url')).toEqual([]);
  });

  it('takes a request signed a little ahead, as Slack’s clock may be', async () => {
    const { reference } = await app.file();
    const response = await app.send(slashCommand({ text: `reply ${reference} Clocks differ`, userId: PEOPLE.handler, responseUrl: app.slack.responseUrl() }), FORM, {
      timestamp: now() + 60,
    });
    expect(response.status).toBe(200);
    expect(await staffReplies(reference)).toHaveLength(1);
  });
});
