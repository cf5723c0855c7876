import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dialects } from './support/databases.js';
import { CASES_CHANNEL, PEOPLE, startSlackApp, type SlackTestApp } from './support/slack-app.js';
import { blockAction, modalValue, slashCommand, viewSubmission } from './support/slack-requests.js';

type Block = { type: string; block_id?: string; text?: { text: string }; fields?: { text: string }[]; element?: { max_length?: number } };

/** The whole complaint from its card, in a modal only the person who pressed sees; the full contact only for a reason, recorded. */
describe.each(dialects())('a complaint’s details in Slack on %s', (dialect) => {
  let app: SlackTestApp;

  beforeAll(async () => {
    app = await startSlackApp(dialect);
  });

  afterAll(async () => {
    await app?.stop();
  });

  const story = `The courier left my parcel <outside> & it was gone; call me on 07911 123456. ${'I waited at home all week for the redelivery. '.repeat(90)}`.trim();

  const pressDetails = async (reference: string, cardTs: string, userId: string) => {
    const before = app.slack.of('views.open').length;
    const answer = await app.send(
      blockAction({ actionId: 'details:open', value: reference, userId, channelId: CASES_CHANNEL, messageTs: cardTs, responseUrl: app.slack.responseUrl() }),
      'application/x-www-form-urlencoded',
    );
    expect(answer.status).toBe(200);
    return app.slack.of('views.open')[before]?.args.view as { id: string; blocks: Block[]; submit?: unknown } | undefined;
  };
  const shownText = (blocks: Block[]) => blocks.map((b) => [b.text?.text ?? '', ...(b.fields ?? []).map((f) => f.text)].join('\n')).join('\n');
  /** The quoted sections of a text, joined back without their quote marks. */
  const quotedText = (blocks: Block[]) => blocks.filter((b) => b.type === 'section' && b.text?.text.startsWith('>')).map((b) => (b.text?.text ?? '').replace(/^>/gm, '')).join('');
  const escaped = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

  it('shows the whole complaint, the remedy, the date, the name, the masked contact, language, channel and promises', async () => {
    const { reference, cardTs } = await app.file({ description: story, remedySought: 'A refund & an apology', occurredOn: '2026-02-24', language: 'es' });
    const card = app.slack.of('chat.postMessage').find((c) => c.ts === cardTs);
    expect(JSON.stringify(card?.args.blocks)).toContain('"action_id":"details:open"');

    const view = await pressDetails(reference, cardTs, PEOPLE.handler);
    if (!view) throw new Error('No details opened');
    const shown = shownText(view.blocks);
    expect(shown).toContain('*Customer*\nSam Patel');
    expect(shown).toContain('*Contact*\n+44 •••• ••• 456');
    expect(shown).toContain('*Channel*\nSMS');
    expect(shown).toContain('*Language*\nSpanish');
    expect(shown).toContain('*Happened on*\nTuesday 24 February 2026');
    expect(shown).toContain('• Final response by');
    expect(view.blocks.every((b) => (b.text?.text.length ?? 0) <= 3000)).toBe(true);
    expect(quotedText(view.blocks)).toBe(escaped(`${story.replace('07911 123456', '+44 •••• ••• 456')}A refund & an apology`));
    expect(shown).not.toContain('7911 123456');
    expect(view.blocks.find((b) => b.block_id === 'reason')?.element?.max_length).toBe(500);
  });

  it('shows the full contact to one who gives a reason, only to them, and records it in the case history', async () => {
    const { reference, cardTs } = await app.file();
    const view = await pressDetails(reference, cardTs, PEOPLE.handler);
    if (!view) throw new Error('No details opened');
    const submit = (reason: string) => app.send(viewSubmission({ view, userId: PEOPLE.handler, values: { reason: modalValue.text(reason) } }), 'application/x-www-form-urlencoded');

    expect((await submit('  ')).body).toEqual({ response_action: 'errors', errors: { reason: 'Please say why you need the full contact.' } });
    expect((await app.history(reference)).filter((e) => e.type === 'contact.disclosed')).toEqual([]);

    const revealed = await submit('The customer asked us to call them back');
    expect(revealed.body.response_action).toBe('update');
    const shown = shownText(revealed.body.view.blocks);
    expect(shown).toContain('+447911123456 (shown to you, recorded in the case history)');
    expect(revealed.body.view.submit).toBeUndefined();
    // nothing of it in the channel: the contact went back in the answer to this person's own form
    expect(JSON.stringify(app.slack.calls.filter((c) => c.method !== 'views.open'))).not.toContain('7911123456');
    expect((await app.history(reference)).filter((e) => e.type === 'contact.disclosed')).toEqual([
      expect.objectContaining({ actor: `staff:${PEOPLE.handler}`, reason: 'The customer asked us to call them back' }),
    ]);
  });

  it('opens nothing for someone who is not staff', async () => {
    const { reference, cardTs } = await app.file();
    expect(await pressDetails(reference, cardTs, PEOPLE.stranger)).toBeUndefined();
    const told = app.slack.of('chat.postEphemeral').at(-1);
    expect(told?.args).toMatchObject({ user: PEOPLE.stranger });
    expect(told?.args.text).toContain('Only the case handlers and supervisors');
  });

  it('shows the whole complaint in /complaint REF too, within Slack’s limits', async () => {
    const { reference } = await app.file({ description: story });
    const before = app.slack.of('response_url').length;
    await app.send(slashCommand({ text: reference, userId: PEOPLE.handler, responseUrl: app.slack.responseUrl() }), 'application/x-www-form-urlencoded');
    const answer = app.slack.of('response_url')[before].args as { blocks: Block[] };
    expect(answer.blocks.every((b) => (b.text?.text.length ?? 0) <= 3000)).toBe(true);
    expect(quotedText(answer.blocks)).toBe(escaped(`${story.replace('07911 123456', '+44 •••• ••• 456')}A refund`));
  });
});
