import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dialects } from './support/databases.js';
import { PEOPLE, startSlackApp, type SlackTestApp } from './support/slack-app.js';
import { slashCommand } from './support/slack-requests.js';

/**
 * A small fixed data set (default code of conduct: acknowledge within 1 business day, Europe/London), filed on
 * Monday 2 March 2026 at 10:00 and looked at a week later:
 *   A  delivery: acknowledged 10:30 (30 min), answered at 12:00 (2 h, in time), closed at 12:05
 *   B  delivery: acknowledged 12:00 (2 h), still open
 *   C  billing:  never acknowledged, so overdue since Tuesday
 * Acknowledgements: 2 met of 3 decided, 67% (Wilson 95% CI 21–94%); median time to acknowledge, the nearest rank
 * of 30 min and 2 h: 30 min. One final response (A's), too few for a figure; no survey sent.
 */
describe.each(dialects())('/complaint stats on %s', (dialect) => {
  let app: SlackTestApp;
  const supervisor = { 'x-staff-id': PEOPLE.supervisor, 'x-staff-role': 'supervisor' };

  beforeAll(async () => {
    app = await startSlackApp(dialect, { INDICATORS_MINIMUM_COUNT: '2', PUBLIC_URL: 'https://complaints.example.com/redress' });
    app.server.clock.set('2026-03-02T10:00:00.000Z');
    const a = await app.file({ acknowledge: false });
    const b = await app.file({ acknowledge: false });
    await app.file({ category: 'billing', acknowledge: false });
    const act = async (reference: string, body: Record<string, unknown>) => {
      const response = await app.server.request('POST', `/api/complaints/${reference}/actions`, { body, headers: supervisor });
      if (response.status !== 200) throw new Error(`${JSON.stringify(body)}: ${response.status} ${response.text}`);
    };
    app.server.clock.set('2026-03-02T10:30:00.000Z');
    await act(a.reference, { action: 'acknowledge' });
    app.server.clock.set('2026-03-02T12:00:00.000Z');
    await act(b.reference, { action: 'acknowledge' });
    await act(a.reference, { action: 'assess', assessment: { severity: 'low', impact: 'low', complexity: 'low', urgency: 'low', healthOrSafety: false } });
    await act(a.reference, { action: 'start_investigation' });
    await act(a.reference, { action: 'propose_response', outcome: 'A refund', explanation: 'We could not trace the parcel.' });
    app.server.clock.set('2026-03-02T12:05:00.000Z');
    await act(a.reference, { action: 'close', outcome: 'Refund given' });
    app.server.clock.set('2026-03-09T10:00:00.000Z');
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
  });

  const run = async (text: string, userId: string = PEOPLE.handler) => {
    app.slack.clear();
    const response = await app.send(slashCommand({ text, userId, responseUrl: app.slack.responseUrl() }), 'application/x-www-form-urlencoded');
    expect(response.status).toBe(200);
    const answers = app.slack.of('response_url');
    expect(answers).toHaveLength(1);
    return answers[0].args as { response_type: string; text: string; blocks?: { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: { text: string }[] }[] };
  };

  /** Every text the blocks show, in order. */
  const shown = (answer: Awaited<ReturnType<typeof run>>) =>
    (answer.blocks ?? []).flatMap((block) => [block.text?.text, ...(block.fields ?? []).map((f) => f.text), ...(block.elements ?? []).map((e) => e.text)]).filter(Boolean);

  it('gives a handler the last 30 days privately: cases now, promises met, times, satisfaction, and the report link', async () => {
    const answer = await run('stats');
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text).toBe('Complaints: the last 30 days: 2 open, 1 overdue, 3 received, 1 closed');
    expect(shown(answer)).toEqual([
      'Complaints: the last 30 days',
      '*Open now*\n2',
      '*Overdue now*\n1',
      '*Received*\n3',
      '*Closed*\n1',
      expect.stringContaining('*Promises met*, of the complaints received\n'),
      '*Median time*, of the complaints received\n• To acknowledge: 30 min (n = 2)\n• To a final response: not enough data (1 of at least 2)',
      [
        '*What customers said* in the satisfaction survey',
        '• How we handled it: not enough data (0 of at least 2)',
        '• The outcome: not enough data (0 of at least 2)',
        '• How easy it was: not enough data (0 of at least 2) (higher is easier)',
        '• Surveys answered: not enough data (0 of at least 2)',
      ].join('\n'),
      expect.stringContaining('<https://complaints.example.com/redress/reports|Open the full reports>'),
    ]);
    const promises = shown(answer)[5] as string;
    expect(promises).toContain('• Acknowledgement within 1 business day: 67% (95% CI 21–94%, n = 3) met');
    // A's answer came in time, B's and C's are still due: one decided
    expect(promises).toContain('• Final response within 20 business days: not enough data (1 of at least 2)');
  });

  it('takes a month, and a supervisor may ask too', async () => {
    const march = await run('stats 2026-03', PEOPLE.supervisor);
    expect(march.text).toBe('Complaints: March 2026 so far: 2 open, 1 overdue, 3 received, 1 closed');
    const february = await run('stats 2026-02');
    expect(february.text).toBe('Complaints: February 2026: 2 open, 1 overdue, 0 received, 0 closed');
    expect(shown(february)[5]).toBe('*Promises met*, of the complaints received\nNo deadlines for the complaints received in this period.');
    expect(shown(february)[6]).toContain('To acknowledge: not enough data (0 of at least 2)');
    // the last day: nothing received since Sunday 10:00, nothing closed
    expect((await run('stats 1d')).text).toBe('Complaints: the last day: 2 open, 1 overdue, 0 received, 0 closed');
  });

  it('answers a period it cannot read with the forms it takes, privately', async () => {
    for (const [period, problem] of [
      ['last week', 'I cannot read “last week” as a period.'],
      ['2026-04', 'April 2026 has not begun yet.'],
      ['400d', '400 days is not a period I can count: give 1 to 366 days.'],
    ]) {
      const answer = await run(`stats ${period}`);
      expect(answer.response_type).toBe('ephemeral');
      expect(answer.text).toBe(`${problem}\nAsk for \`/complaint stats\` (the last 30 days), \`/complaint stats 7d\` (the last 1 to 366 days) or \`/complaint stats 2026-10\` (a calendar month).`);
    }
  });

  it('shows nothing to someone who is not staff', async () => {
    const answer = await run('stats', PEOPLE.stranger);
    expect(answer.text).toContain('Only the case handlers and supervisors set up in Redress');
    expect(answer.blocks).toBeUndefined();
  });

  it('lists stats in its help', async () => {
    expect((await run('help')).text).toContain('`/complaint stats`');
  });
});
