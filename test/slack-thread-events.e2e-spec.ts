import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { dialects } from './support/databases.js';
import { CASES_CHANNEL, PEOPLE, startSlackApp, type SlackTestApp } from './support/slack-app.js';
import { eventCallback } from './support/slack-requests.js';

const JSON_BODY = 'application/json';

/** A file as Slack's `file_share` message events carry it. */
const RECEIPT = {
  id: 'F0RECEIPT1',
  created: 1772445700,
  timestamp: 1772445700,
  name: 'courier-receipt.pdf',
  title: 'Courier receipt',
  mimetype: 'application/pdf',
  filetype: 'pdf',
  pretty_type: 'PDF',
  user: PEOPLE.handler,
  editable: false,
  size: 48213,
  mode: 'hosted',
  is_external: false,
  is_public: false,
  url_private: 'https://files.slack.com/files-pri/T0REDRESS-F0RECEIPT1/courier-receipt.pdf',
  url_private_download: 'https://files.slack.com/files-pri/T0REDRESS-F0RECEIPT1/download/courier-receipt.pdf',
  permalink: 'https://redress.slack.com/files/U0HANDLER1/F0RECEIPT1/courier-receipt.pdf',
};

describe.each(dialects())('what staff write in a card’s thread, as Slack’s events bring it, on %s', (dialect) => {
  let app: SlackTestApp;
  let seq = 0;

  beforeAll(async () => {
    app = await startSlackApp(dialect);
  });

  beforeEach(() => {
    app.slack.clear();
  });

  afterAll(async () => {
    await app?.stop();
  });

  const nextTs = () => `1772445900.${String(++seq).padStart(6, '0')}`;
  const notes = async (reference: string) => (await app.history(reference)).filter((e) => e.type === 'note.added' || e.type === 'note.edited');
  const reply = (cardTs: string, ts: string, text: string, user: string = PEOPLE.handler) => ({
    type: 'message',
    channel: CASES_CHANNEL,
    channel_type: 'channel',
    user,
    text,
    ts,
    thread_ts: cardTs,
    parent_user_id: 'U0REDRESSBOT',
    client_msg_id: `msg-${ts}`,
    blocks: [{ type: 'rich_text', block_id: 'b1', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text }] }] }],
  });

  it('keeps a message once when Slack sends it again under a new event_id', async () => {
    const { reference, cardTs } = await app.file();
    const message = reply(cardTs, nextTs(), 'Courier confirmed the parcel is at the depot');
    const first = await app.send(eventCallback(message, `Ev-first-${reference}`), JSON_BODY);
    const again = await app.send(eventCallback(message, `Ev-again-${reference}`), JSON_BODY, { retryNum: 1 });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(await notes(reference)).toEqual([expect.objectContaining({ type: 'note.added', data: expect.objectContaining({ text: 'Courier confirmed the parcel is at the depot' }) })]);
  });

  it('keeps a note with files: its text and a reference to each file', async () => {
    const { reference, cardTs } = await app.file();
    const ts = nextTs();
    const shared = { ...reply(cardTs, ts, 'Receipt from the courier attached'), subtype: 'file_share', upload: false, display_as_bot: false, files: [RECEIPT] };
    expect((await app.send(eventCallback(shared, `Ev-file-${reference}`), JSON_BODY)).status).toBe(200);
    expect(await notes(reference)).toEqual([
      expect.objectContaining({
        type: 'note.added',
        actor: `staff:${PEOPLE.handler}`,
        data: {
          text: 'Receipt from the courier attached',
          source: `slack:${CASES_CHANNEL}/${ts}`,
          files: [{ id: 'F0RECEIPT1', name: 'courier-receipt.pdf', type: 'application/pdf', size: 48213, permalink: RECEIPT.permalink }],
        },
      }),
    ]);
    expect(app.customer.of(reference).filter((m) => m.kind === 'staff_reply')).toEqual([]);
  });

  it('records an edit as a new version of the note, keeping the earlier one', async () => {
    const { reference, cardTs } = await app.file();
    const ts = nextTs();
    const original = reply(cardTs, ts, 'Refund of £20 agreed');
    await app.send(eventCallback(original, `Ev-orig-${reference}`), JSON_BODY);
    const changed = {
      type: 'message',
      subtype: 'message_changed',
      hidden: true,
      channel: CASES_CHANNEL,
      channel_type: 'channel',
      ts: '1772446000.000100',
      event_ts: '1772446000.000100',
      message: { ...original, text: 'Refund of £25 agreed', edited: { user: PEOPLE.handler, ts: '1772446000.000000' } },
      previous_message: original,
    };
    expect((await app.send(eventCallback(changed, `Ev-edit-${reference}`), JSON_BODY)).status).toBe(200);
    // the same edit sent again under another event id is the same version
    await app.send(eventCallback(changed, `Ev-edit-again-${reference}`), JSON_BODY);

    expect((await notes(reference)).map((e) => ({ type: e.type, data: e.data }))).toEqual([
      { type: 'note.added', data: { text: 'Refund of £20 agreed', source: `slack:${CASES_CHANNEL}/${ts}` } },
      { type: 'note.edited', data: { text: 'Refund of £25 agreed', source: `slack:${CASES_CHANNEL}/${ts}` } },
    ]);
  });

  it('takes no link preview Slack adds to a note for an edit', async () => {
    const { reference, cardTs } = await app.file();
    const original = reply(cardTs, nextTs(), 'See https://courier.example/track/123');
    await app.send(eventCallback(original, `Ev-link-${reference}`), JSON_BODY);
    const unfurled = {
      type: 'message',
      subtype: 'message_changed',
      hidden: true,
      channel: CASES_CHANNEL,
      ts: '1772446100.000100',
      message: { ...original, attachments: [{ from_url: 'https://courier.example/track/123', title: 'Tracking' }] },
      previous_message: original,
    };
    await app.send(eventCallback(unfurled, `Ev-unfurl-${reference}`), JSON_BODY);
    expect((await notes(reference)).map((e) => e.type)).toEqual(['note.added']);
  });

  it('answers an event over 100 KB, keeps nothing of it, and tells its author privately in the thread', async () => {
    const { reference, cardTs } = await app.file();
    const long = 'The customer called again about the parcel. '.repeat(1200);
    const body = eventCallback(reply(cardTs, nextTs(), long), `Ev-huge-${reference}`);
    expect(Buffer.byteLength(body)).toBeGreaterThan(100 * 1024);

    const response = await app.send(body, JSON_BODY);
    expect(response.status).toBe(200);
    expect(await notes(reference)).toEqual([]);
    const told = app.slack.of('chat.postEphemeral');
    expect(told).toHaveLength(1);
    expect(told[0].args).toMatchObject({ channel: CASES_CHANNEL, user: PEOPLE.handler, thread_ts: cardTs });
    expect(told[0].args.text).toMatch(/^Your message was not kept as a note on the case: Slack sent it as \d+ KB, and Redress takes up to 100 KB\./);
  });

  it('tells the author by direct message when Slack cannot show them a private message in the thread', async () => {
    const { reference, cardTs } = await app.file();
    app.slack.refuseNext('chat.postEphemeral', 'user_not_in_channel');
    await app.send(eventCallback(reply(cardTs, nextTs(), 'x'.repeat(110 * 1024)), `Ev-huge-dm-${reference}`), JSON_BODY);
    expect(app.slack.of('conversations.open')).toEqual([expect.objectContaining({ args: expect.objectContaining({ users: PEOPLE.handler }) })]);
    const [dm] = app.slack.of('chat.postMessage').filter((call) => String(call.args.channel).startsWith('D'));
    expect(dm.args.text).toContain('Your message was not kept as a note on the case');
    expect(await notes(reference)).toEqual([]);
  });

  it('settles the event when Slack refuses both ways of telling its author, rather than trying for ever', async () => {
    const { reference, cardTs } = await app.file();
    app.slack.refuseNext('chat.postEphemeral', 'user_not_in_channel');
    app.slack.refuseNext('conversations.open', 'missing_scope');
    const ts = nextTs();
    await app.send(eventCallback(reply(cardTs, ts, 'y'.repeat(110 * 1024)), `Ev-huge-untold-${reference}`), JSON_BODY);
    const db = app.server.app.get(DataSource);
    const rows = await db.query(`SELECT outcome FROM inbound_messages WHERE channel = 'slack' AND provider_id = ${db.options.type === 'postgres' ? '$1' : '?'}`, [ts]);
    expect(rows).toEqual([{ outcome: 'too_large' }]);
    expect(await notes(reference)).toEqual([]);
  });

  it('refuses a request over 1 MB with 413, in JSON', async () => {
    const { reference, cardTs } = await app.file();
    const response = await app.send(eventCallback(reply(cardTs, nextTs(), 'z'.repeat(1100 * 1024)), `Ev-too-big-${reference}`), JSON_BODY);
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ code: 'payload_too_large' });
    expect(await notes(reference)).toEqual([]);
  });

  it('keeps nothing from someone who is not staff, and tells them why', async () => {
    const { reference, cardTs } = await app.file();
    await app.send(eventCallback(reply(cardTs, nextTs(), 'I am not staff', PEOPLE.stranger), `Ev-stranger-${reference}`), JSON_BODY);
    expect(await notes(reference)).toEqual([]);
    expect(app.slack.of('chat.postEphemeral')).toEqual([expect.objectContaining({ args: expect.objectContaining({ user: PEOPLE.stranger, thread_ts: cardTs }) })]);
  });
});
