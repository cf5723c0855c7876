import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { dialects } from './support/databases.js';
import { CASES_CHANNEL, PEOPLE, startSlackApp, type SlackTestApp } from './support/slack-app.js';
import { eventCallback } from './support/slack-requests.js';

const SUPERVISOR = { 'x-staff-id': PEOPLE.supervisor, 'x-staff-role': 'supervisor' };

describe.each(dialects())('the App Home tab on %s', (dialect) => {
  let app: SlackTestApp;
  let eventSeq = 0;
  const cases: Record<'overdue' | 'dueSoon' | 'others' | 'unassigned' | 'involved', { reference: string; cardTs: string }> = {} as never;

  beforeAll(async () => {
    app = await startSlackApp(dialect);
    const assign = (reference: string, assigneeId: string) =>
      app.server.request('POST', `/api/complaints/${reference}/actions`, { body: { action: 'assign', assigneeId }, headers: SUPERVISOR });
    // The clock stands at Monday 2 March 2026: a complaint received a month ago is past its final response deadline,
    // one received on 5 February is due this week.
    cases.overdue = await app.file({ receivedAt: '2026-02-01T10:00:00.000Z', description: 'Overdue parcel, ring 07911 123456.' });
    cases.dueSoon = await app.file({ receivedAt: '2026-02-05T10:00:00.000Z' });
    cases.others = await app.file();
    cases.unassigned = await app.file();
    cases.involved = await app.file({ involvedStaffIds: [PEOPLE.handler] });
    await assign(cases.overdue.reference, PEOPLE.handler);
    await assign(cases.dueSoon.reference, PEOPLE.handler);
    await assign(cases.others.reference, PEOPLE.otherHandler);
    await app.deliver();
  });

  beforeEach(() => {
    app.slack.clear();
  });

  afterAll(async () => {
    await app?.stop();
  });

  /** Opens a tab of Redress's app as a Slack user (the `app_home_opened` event), and returns what was published for them. */
  const open = async (user: string, tab: 'home' | 'messages' = 'home') => {
    eventSeq += 1;
    const event = { type: 'app_home_opened', user, channel: `D${user.slice(1)}`, tab, event_ts: `1772445900.${String(eventSeq).padStart(6, '0')}` };
    const response = await app.send(eventCallback(event, `Ev-home-${dialect}-${eventSeq}`), 'application/json');
    expect(response.status).toBe(200);
    return app.slack.of('views.publish');
  };

  const section = (view: { blocks: { block_id?: string; text?: { text: string }; fields?: { text: string }[] }[] }, blockId: string) =>
    view.blocks.find((b) => b.block_id === blockId)!;

  const link = (of: { reference: string; cardTs: string }) =>
    `<https://redress.slack.com/archives/${CASES_CHANNEL}/p${of.cardTs.replace('.', '')}|*${of.reference}*>`;

  it('shows a handler their open cases, their overdue ones and the unassigned ones, with quick figures and links to the threads', async () => {
    const [published] = await open(PEOPLE.handler);
    expect(published.args.user_id).toBe(PEOPLE.handler);
    const view = published.args.view;
    expect(view.type).toBe('home');
    expect(section(view, 'figures').fields!.map((f) => f.text)).toEqual(['*Open*\n2', '*Overdue*\n1', '*Due this week*\n1', '*Unassigned*\n1']);

    const mine = section(view, 'home-mine').text!.text;
    expect(mine).toContain('*Your open cases* (2)');
    expect(mine).toContain(link(cases.overdue));
    expect(mine).toContain(link(cases.dueSoon));
    expect(mine).not.toContain(cases.others.reference);
    const overdue = section(view, 'home-overdue').text!.text;
    expect(overdue).toContain(link(cases.overdue));
    expect(overdue).toContain(':warning: overdue');
    expect(overdue).not.toContain(cases.dueSoon.reference);
    // a case that names them as involved is not offered to them
    const unassigned = section(view, 'home-unassigned').text!.text;
    expect(unassigned).toContain(link(cases.unassigned));
    expect(unassigned).not.toContain(cases.involved.reference);
    expect(section(view, 'home-team-overdue')).toBeUndefined();
    expect(JSON.stringify(view)).not.toMatch(/7911\s?123456/);
  });

  it('shows a supervisor what is overdue across the team too', async () => {
    const [published] = await open(PEOPLE.supervisor);
    const view = published.args.view;
    expect(section(view, 'figures').fields!.map((f) => f.text)).toEqual(['*Open*\n0', '*Overdue*\n0', '*Due this week*\n0', '*Unassigned*\n2']);
    expect(section(view, 'home-unassigned').text!.text).toContain(cases.involved.reference);
    expect(section(view, 'home-team-overdue').text!.text).toContain(link(cases.overdue));
  });

  it('is drawn afresh each time it is opened', async () => {
    await app.server.request('POST', `/api/complaints/${cases.unassigned.reference}/actions`, { body: { action: 'assign', assigneeId: PEOPLE.handler }, headers: SUPERVISOR });
    const [published] = await open(PEOPLE.handler);
    expect(section(published.args.view, 'figures').fields!.map((f) => f.text)).toEqual(['*Open*\n3', '*Overdue*\n1', '*Due this week*\n1', '*Unassigned*\n0']);
    expect(section(published.args.view, 'home-unassigned').text!.text).toContain('None: every open case has someone.');
    // each card's link was asked of Slack once, the first time, and kept
    expect(app.slack.of('chat.getPermalink')).toEqual([]);
  });

  it('shows someone who is not staff no complaint, and leaves the Messages tab alone', async () => {
    const [published] = await open(PEOPLE.stranger);
    expect(JSON.stringify(published.args.view)).toContain('Only the case handlers and supervisors set up in Redress see complaints here.');
    expect(JSON.stringify(published.args.view)).not.toContain(cases.unassigned.reference);
    app.slack.clear();
    expect(await open(PEOPLE.handler, 'messages')).toEqual([]);
  });
});
