import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { WeeklyDigest } from '../adapters/slack/weekly-digest.js';
import { dialects } from './support/databases.js';
import { CASES_CHANNEL, PEOPLE, startSlackApp, type SlackTestApp } from './support/slack-app.js';

type Posted = { channel: string; text: string; blocks: { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: { text: string }[] }[] };

/** The digests posted to Slack so far, through the fake Slack's record of chat.postMessage. */
function digests(app: SlackTestApp): Posted[] {
  return app.slack.of('chat.postMessage').map((call) => call.args as unknown as Posted).filter((args) => String(args.text).startsWith('Weekly digest'));
}

function shown(posted: Posted): string[] {
  return posted.blocks.flatMap((block) => [block.text?.text, ...(block.fields ?? []).map((f) => f.text), ...(block.elements ?? []).map((e) => e.text)]).filter((text): text is string => Boolean(text));
}

async function digestRows(app: SlackTestApp): Promise<{ status: string; next_attempt_at: string }[]> {
  const rows: { status: string; next_attempt_at: string }[] = await app.server.app
    .get(DataSource)
    .query(`SELECT status, next_attempt_at FROM outbox_messages WHERE kind = 'weekly_digest' ORDER BY next_attempt_at`);
  return rows.map((row) => ({ status: row.status, next_attempt_at: row.next_attempt_at }));
}

describe.each(dialects())('the weekly digest in Slack on %s', (dialect) => {
  describe('with SLACK_WEEKLY_DIGEST=mon 09:00', () => {
    let app: SlackTestApp;
    const supervisor = { 'x-staff-id': PEOPLE.supervisor, 'x-staff-role': 'supervisor' };

    /**
     * Started on Monday 2 March 2026 at 10:00 (GMT, the organisation's zone), so the first digest is due on Monday
     * 9 March at 09:00, for [2 Mar 09:00, 9 Mar 09:00) beside [23 Feb 09:00, 2 Mar 09:00):
     *   the week before: P, Fri 27 Feb, acknowledged at once
     *   the week:        A, Tue 3 Mar 10:00, acknowledged at 11:00 (1 h)
     *                    B, Wed 4 Mar 10:00, never acknowledged: missed, and overdue now
     *                    C, Thu 5 Mar 10:00, acknowledged at 10:30 (30 min)
     * Acknowledgements: the week 2 met of 3, 67%; the week before 1 of 1, below the minimum of 2. Median time to
     * acknowledge in the week: nearest rank of 30 min and 1 h, 30 min.
     */
    beforeAll(async () => {
      app = await startSlackApp(dialect, { SLACK_WEEKLY_DIGEST: 'mon 09:00', INDICATORS_MINIMUM_COUNT: '2', PUBLIC_URL: 'https://complaints.example.com' });
      const at = (iso: string) => app.server.clock.set(iso);
      const act = async (reference: string, body: Record<string, unknown>) => {
        const response = await app.server.request('POST', `/api/complaints/${reference}/actions`, { body, headers: supervisor });
        if (response.status !== 200) throw new Error(`${response.status} ${response.text}`);
      };
      at('2026-02-27T10:00:00.000Z');
      await app.file({ acknowledge: true });
      at('2026-03-03T10:00:00.000Z');
      const a = await app.file({ acknowledge: false });
      at('2026-03-03T11:00:00.000Z');
      await act(a.reference, { action: 'acknowledge' });
      at('2026-03-04T10:00:00.000Z');
      await app.file({ acknowledge: false, category: 'billing' });
      at('2026-03-05T10:00:00.000Z');
      const c = await app.file({ acknowledge: false });
      at('2026-03-05T10:30:00.000Z');
      await act(c.reference, { action: 'acknowledge' });
    }, 60_000);

    afterAll(async () => {
      await app?.stop();
    });

    it('is scheduled for its time and not posted before it', async () => {
      expect(await digestRows(app)).toEqual([{ status: 'pending', next_attempt_at: '2026-03-09T09:00:00.000Z' }]);
      app.server.clock.set('2026-03-09T08:59:00.000Z');
      await app.deliver();
      expect(digests(app)).toEqual([]);
    });

    it('is posted once at its time to the cases channel, the week beside the week before, with the report link', async () => {
      app.server.clock.set('2026-03-09T09:00:00.000Z');
      await app.deliver();
      const [digest, ...more] = digests(app);
      expect(more).toEqual([]);
      expect(digest.channel).toBe(CASES_CHANNEL);
      expect(digest.text).toBe('Weekly digest: the week to Monday 9 March 2026 at 09:00 GMT: 3 received (the week before: 1), 0 closed (the week before: 0), 4 open, 1 overdue');
      const texts = shown(digest);
      expect(texts.slice(0, 5)).toEqual([
        'Weekly digest: the week to Monday 9 March 2026 at 09:00 GMT',
        '*Received*\n3 (the week before: 1)',
        '*Closed*\n0 (the week before: 0)',
        '*Open now*\n4',
        '*Overdue now*\n1',
      ]);
      expect(texts[5]).toContain('• Acknowledgement within 1 business day: 67% (n = 3); the week before: not enough data (1 of at least 2)');
      expect(texts[5]).toContain('• Final response within 20 business days: not enough data (0 of at least 2); the week before: not enough data (0 of at least 2)');
      expect(texts[6]).toBe(
        '*Median time*, of the complaints received each week\n' +
          '• To acknowledge: 30 min (n = 2); the week before: not enough data (1 of at least 2)\n' +
          '• To a final response: not enough data (0 of at least 2); the week before: not enough data (0 of at least 2)',
      );
      expect(texts[7]).toContain('• Surveys answered: not enough data (0 of at least 2); the week before: not enough data (0 of at least 2)');
      expect(texts[8]).toContain('<https://complaints.example.com/reports|Open the full reports>');
      // and the next week's is owed
      expect(await digestRows(app)).toEqual([
        { status: 'delivered', next_attempt_at: '2026-03-09T09:00:00.000Z' },
        { status: 'pending', next_attempt_at: '2026-03-16T09:00:00.000Z' },
      ]);
    });

    it('is not posted again by a second check, nor by another instance starting', async () => {
      await app.deliver();
      await app.server.app.get(WeeklyDigest).onApplicationBootstrap();
      await app.deliver();
      expect(digests(app)).toHaveLength(1);
      expect((await digestRows(app)).map((row) => row.next_attempt_at)).toEqual(['2026-03-09T09:00:00.000Z', '2026-03-16T09:00:00.000Z']);
    });

    it('comes again the next week, with that week beside this one', async () => {
      app.server.clock.set('2026-03-16T09:00:00.000Z');
      await app.deliver();
      const all = digests(app);
      expect(all).toHaveLength(2);
      expect(all[1].text).toBe('Weekly digest: the week to Monday 16 March 2026 at 09:00 GMT: 0 received (the week before: 3), 0 closed (the week before: 0), 4 open, 1 overdue');
    });
  });

  it('is never posted when SLACK_WEEKLY_DIGEST is not set', async () => {
    const app = await startSlackApp(dialect);
    try {
      await app.file();
      app.server.clock.set('2026-03-09T09:00:00.000Z');
      await app.deliver();
      app.server.clock.set('2026-03-16T09:00:00.000Z');
      await app.deliver();
      expect(digests(app)).toEqual([]);
      expect(await digestRows(app)).toEqual([]);
    } finally {
      await app.stop();
    }
  }, 60_000);
});
