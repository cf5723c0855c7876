import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { SURVEY_DESK, type SurveyDesk } from '../src/satisfaction/survey-desk.js';
import { dialects } from './support/databases.js';
import { CASES_CHANNEL, PEOPLE, startSlackApp, type SlackTestApp } from './support/slack-app.js';
import { blockAction } from './support/slack-requests.js';

const ASSESSMENT = { severity: 'low', impact: 'low', complexity: 'low', urgency: 'low', healthOrSafety: false };

function surveyConduct(dialect: string): string {
  const file = join(tmpdir(), `redress-survey-slack-${process.pid}-${dialect}.yaml`);
  writeFileSync(file, ['profile: default', 'satisfactionSurvey:', '  delay: PT1H', "  quietHours: { from: '21:00', until: '08:00' }", ''].join('\n'));
  return file;
}

/** What staff see in Slack of a customer's survey answers: in the case's thread, and an alert with a reopen button when low. */
describe.each(dialects())('survey answers in Slack on %s', (dialect) => {
  let app: SlackTestApp;
  let surveys: SurveyDesk;

  beforeAll(async () => {
    app = await startSlackApp(dialect, { CODE_OF_CONDUCT_FILE: surveyConduct(dialect) });
    surveys = app.server.app.get<SurveyDesk>(SURVEY_DESK);
  });

  beforeEach(() => app.slack.clear());

  afterAll(async () => {
    await app?.stop();
  });

  const apiAct = (reference: string, body: Record<string, unknown>) =>
    app.server.request('POST', `/api/complaints/${reference}/actions`, { body, headers: { 'x-staff-id': PEOPLE.supervisor, 'x-staff-role': 'supervisor' } });

  /** A case handled by the handler, closed, and its survey sent to the customer by SMS. */
  async function surveyed(phone: string, day: string): Promise<{ reference: string; surveyId: string; cardTs: string }> {
    app.server.clock.set(`${day}T10:00:00.000Z`);
    const { reference, cardTs } = await app.file({ contact: { kind: 'phone', value: phone } });
    await surveys.recordConsent(reference, true, 'intake');
    for (const step of [
      { action: 'acknowledge' },
      { action: 'assign', assigneeId: PEOPLE.handler },
      { action: 'assess', assessment: ASSESSMENT },
      { action: 'start_investigation' },
      { action: 'propose_response', outcome: 'Refunded', explanation: 'We refunded the parcel.' },
      { action: 'accept_response' },
      { action: 'close', outcome: 'Refunded' },
    ]) {
      const done = await apiAct(reference, step);
      if (done.status !== 200) throw new Error(`${step.action}: ${done.text}`);
    }
    app.server.clock.set(`${day}T11:30:00.000Z`);
    await app.deliver();
    const waiting = await surveys.waitingFor(`sms:${phone.replace(/\s/g, '')}`);
    if (!waiting) throw new Error('The survey was not sent');
    expect(app.customer.of(reference).map((m) => m.kind)).toContain('survey_invitation');
    app.slack.clear();
    return { reference, surveyId: waiting.id, cardTs };
  }

  const threadPosts = (cardTs: string) => app.slack.of('chat.postMessage').filter((call) => call.args.thread_ts === cardTs);

  it('posts good answers in the thread, naming nobody and offering no reopen', async () => {
    const { surveyId, cardTs } = await surveyed('+44 7911 200001', '2026-03-03');
    await surveys.answer(surveyId, { question: 'handling', score: 5 });
    await surveys.answer(surveyId, { question: 'outcome', score: 4 });
    await surveys.answer(surveyId, { question: 'comment', text: 'Thank you, very helpful and quick.' });
    await surveys.finish(surveyId);
    await app.deliver();
    const [post] = threadPosts(cardTs);
    const shown = JSON.stringify(post.args.blocks);
    expect(shown).toContain('The customer answered the satisfaction survey');
    expect(shown).toContain('*How we handled it:* 5 of 5');
    expect(shown).toContain('*How easy it was:* _not answered_');
    expect(shown).toContain('reads positive');
    expect(shown).not.toContain('survey:reopen');
    expect(post.args.reply_broadcast).toBe('false');
  });

  it('alerts the assignee and supervisors to a low score; a handler cannot reopen from it, a supervisor can in one click', async () => {
    const { reference, surveyId, cardTs } = await surveyed('+44 7911 200002', '2026-03-04');
    await surveys.answer(surveyId, { question: 'handling', score: 1 });
    await surveys.answer(surveyId, { question: 'datesKept', value: 'no' });
    await surveys.finish(surveyId);
    await app.deliver();
    const [alert] = threadPosts(cardTs);
    const shown = JSON.stringify(alert.args.blocks);
    expect(shown).toContain(`*Low satisfaction* on ${reference}`);
    expect(shown).toContain(`<@${PEOPLE.handler}>`);
    expect(shown).toContain(`<@${PEOPLE.supervisor}>`);
    expect(shown).toContain('*Dates we promised kept:* No');
    expect(alert.args.reply_broadcast).toBe('true');

    const press = (userId: string) =>
      app.send(
        blockAction({ actionId: 'survey:reopen', value: reference, userId, channelId: CASES_CHANNEL, messageTs: cardTs, responseUrl: app.slack.responseUrl() }),
        'application/x-www-form-urlencoded',
      );
    expect((await press(PEOPLE.handler)).status).toBe(200);
    expect(app.slack.of('chat.postEphemeral').at(-1)?.args.text).toContain('Only a supervisor can reopen');
    expect((await app.history(reference)).at(-1)?.type).not.toBe('complaint.reopened');

    expect((await press(PEOPLE.supervisor)).status).toBe(200);
    expect((await app.history(reference)).at(-1)).toMatchObject({ type: 'complaint.reopened', actor: `staff:${PEOPLE.supervisor}` });
    expect((await app.server.request('GET', `/api/complaints/${reference}`)).body.status).toBe('investigating');
  });
});
