import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { dialects } from './support/databases.js';
import { CASES_CHANNEL, PEOPLE, startSlackApp, type SlackTestApp } from './support/slack-app.js';
import { blockAction, modalValue, viewSubmission } from './support/slack-requests.js';

const FORM = 'application/x-www-form-urlencoded';
const REFUSED = {
  response_action: 'update',
  view: expect.objectContaining({
    title: { type: 'plain_text', text: 'Nothing was done' },
    blocks: [expect.objectContaining({ text: expect.objectContaining({ text: expect.stringContaining('nothing was done to any complaint') }) })],
  }),
};

describe.each(dialects())('forms Redress opens in Slack, and only those, on %s', (dialect) => {
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

  const openReply = async (reference: string, cardTs: string, userId: string = PEOPLE.handler) => {
    await app.send(blockAction({ actionId: 'case:reply', value: reference, userId, channelId: CASES_CHANNEL, messageTs: cardTs, responseUrl: app.slack.responseUrl() }), FORM);
    const opened = app.slack.of('views.open').at(-1);
    if (!opened) throw new Error('No form was opened');
    return opened.args.view as Record<string, any>;
  };
  const submit = (view: Record<string, any>, text: string, userId: string = PEOPLE.handler) =>
    app.send(viewSubmission({ view, userId, values: { text: modalValue.text(text) } }), FORM);
  const staffReplies = async (reference: string) => (await app.outbox(reference)).filter((m) => m.kind === 'staff_reply');

  it('refuses a Reply to customer form whose metadata was altered to name another complaint, and changes neither', async () => {
    const mine = await app.file();
    const other = await app.file();
    const view = await openReply(mine.reference, mine.cardTs);
    const forged = { ...view, private_metadata: String(view.private_metadata).replace(mine.reference, other.reference) };
    expect(forged.private_metadata).toContain(other.reference);
    const historyBefore = [await app.history(mine.reference), await app.history(other.reference)];

    const response = await submit(forged, 'Your refund is approved');
    expect(response.status).toBe(200);
    expect(response.body).toEqual(REFUSED);
    expect(await staffReplies(mine.reference)).toEqual([]);
    expect(await staffReplies(other.reference)).toEqual([]);
    expect([await app.history(mine.reference), await app.history(other.reference)]).toEqual(historyBefore);
  });

  it('refuses a form Redress never opened, whatever its metadata says', async () => {
    const { reference } = await app.file();
    const made_up = { id: 'V0NEVEROPENED', callback_id: 'case:reply', private_metadata: JSON.stringify({ reference }), title: { type: 'plain_text', text: 'Reply' }, blocks: [] };
    expect((await submit(made_up, 'Hello')).body).toEqual(REFUSED);
    expect(await staffReplies(reference)).toEqual([]);
  });

  it('acts once on a form submitted twice, and still takes a form sent back with errors', async () => {
    const { reference, cardTs } = await app.file();
    const view = await openReply(reference, cardTs);
    const empty = await submit(view, '   ');
    expect(empty.body).toMatchObject({ response_action: 'errors' });
    expect((await submit(view, 'We have asked the courier to check.')).text).toBe('');
    const again = await submit(view, 'We have asked the courier to check, again.');
    expect(again.status).toBe(200);
    expect(again.text).toBe('');
    expect((await staffReplies(reference)).map((m) => m.payload.variables.text)).toEqual(['We have asked the courier to check.']);
  });
});
