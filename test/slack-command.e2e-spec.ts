import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { dialects } from './support/databases.js';
import { CASES_CHANNEL, PEOPLE, startSlackApp, type SlackTestApp } from './support/slack-app.js';
import { slashCommand } from './support/slack-requests.js';

describe.each(dialects())('/complaint on %s', (dialect) => {
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

  /** Runs `/complaint text` as a Slack user; returns the private answer sent to the response URL. */
  const run = async (text: string, userId: string = PEOPLE.handler) => {
    const response = await app.send(slashCommand({ text, userId, responseUrl: app.slack.responseUrl() }), 'application/x-www-form-urlencoded');
    expect(response.status).toBe(200);
    expect(response.text).toBe('');
    const answers = app.slack.of('response_url');
    expect(answers).toHaveLength(1);
    app.slack.clear();
    return { ...answers[0].args, shown: JSON.stringify(answers[0].args) } as { response_type: string; text: string; blocks?: unknown[]; shown: string };
  };

  it('shows one case privately, as its card shows it, with only the buttons the asker may use', async () => {
    const { reference } = await app.file();
    const answer = await run(reference.toLowerCase().replace('-', ' '));
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.shown).toContain(`Complaint ${reference}`);
    expect(answer.shown).toContain('+44 •••• ••• 456');
    expect(answer.shown).toContain(`Its card and conversation are in <#${CASES_CHANNEL}>`);
    const actions = (answer.blocks as { type: string; elements?: { text: { text: string } }[] }[]).find((b) => b.type === 'actions');
    // a handler may take an unassigned case, but not give it to someone else
    expect(actions?.elements?.map((e) => e.text.text)).toEqual(['Acknowledge', 'Assign to me', 'Withdraw', 'Reply to customer', 'Details']);
    expect(answer.shown).not.toMatch(/7911\s?123456/);
  });

  it('lists the open cases assigned to the asker', async () => {
    const mine = await app.file();
    await app.file();
    await app.server.request('POST', `/api/complaints/${mine.reference}/actions`, {
      body: { action: 'assign', assigneeId: PEOPLE.otherHandler },
      headers: { 'x-staff-id': PEOPLE.otherHandler },
    });
    const answer = await run('mine', PEOPLE.otherHandler);
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.shown).toContain('*Your open cases* (1)');
    expect(answer.shown).toContain(`*${mine.reference}* · Delivery · Acknowledged, waiting for assessment · <@${PEOPLE.otherHandler}>`);
    expect((await run('mine', PEOPLE.supervisor)).text).toBe('Your open cases: none.');
  });

  it('lists the overdue cases', async () => {
    const { reference } = await app.file();
    app.server.clock.set('2026-03-04T10:00:00.000Z');
    try {
      const answer = await run('overdue');
      expect(answer.shown).toContain('*Overdue cases*');
      expect(answer.shown).toContain(`*${reference}*`);
      expect(answer.shown).toContain(':warning: overdue');
    } finally {
      app.server.clock.set('2026-03-02T10:00:00.000Z');
    }
    expect((await run('overdue')).text).toBe('Overdue cases: none.');
  });

  it('writes to the customer with `reply`, on their own channel', async () => {
    const { reference } = await app.file();
    const answer = await run(`reply ${reference} Your refund is on its way.`);
    expect(answer.text).toBe(`Your reply on *${reference}* is on its way to the customer by SMS (+44 •••• ••• 456). It is in the case history.`);
    const owed = (await app.outbox(reference)).filter((m) => m.kind === 'staff_reply');
    expect(owed).toMatchObject([{ channel: 'sms', payload: { key: 'staff_reply', textOf: expect.any(Number) } }]);
    expect((await app.history(reference)).at(-1)).toMatchObject({ type: 'message.sent_to_customer', actor: `staff:${PEOPLE.handler}`, data: { text: 'Your refund is on its way.' } });
  });

  it('explains itself, and answers anything else with a short usage line', async () => {
    expect((await run('help', PEOPLE.stranger)).text).toContain('`/complaint mine`');
    expect((await run('')).text).toContain('`/complaint overdue`');
    expect((await run('teleport me')).text).toMatch(/^Usage: `\/complaint REF`/);
    expect((await run('reply')).text).toContain('Say which case and what to write');
  });

  it('catches a mistyped reference', async () => {
    const { reference } = await app.file();
    const typo = reference.slice(0, -1) + (reference.endsWith('X') ? 'Y' : 'X');
    expect((await run(typo)).text).toContain('has a mistyped character');
    expect((await run(`reply ${typo} hello`)).text).toContain('has a mistyped character');
  });

  it('tells someone who is not staff privately that they cannot, and changes nothing', async () => {
    const { reference } = await app.file();
    const before = await app.history(reference);
    expect((await run(reference, PEOPLE.stranger)).text).toContain('Only the case handlers and supervisors set up in Redress');
    expect((await run(`reply ${reference} hello`, PEOPLE.stranger)).text).toContain('Only the case handlers and supervisors');
    expect(await app.history(reference)).toEqual(before);
    expect((await app.outbox(reference)).filter((m) => m.kind === 'staff_reply')).toEqual([]);
  });

  it('answers an unknown reference plainly', async () => {
    expect((await run('0000-0000')).text).toBe('No complaint has that reference.');
  });
});
