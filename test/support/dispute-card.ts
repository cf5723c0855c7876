import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@jest/globals';
import { CASES_CHANNEL, type SlackTestApp } from './slack-app.js';
import { blockAction, viewSubmission } from './slack-requests.js';

/** A code of conduct on the uk-fca profile, whose dispute option is the Financial Ombudsman Service. */
export function ukFcaCode(name: string): string {
  const file = join(tmpdir(), `redress-${name}-${process.pid}.yaml`);
  writeFileSync(file, 'profile: uk-fca\norganisation:\n  name: Example Bank plc\n  contactRoutes:\n    - { kind: phone, label: Complaints line, value: "+44 20 7946 0000" }\n');
  return file;
}

/** Staff working a dispute from a complaint's Slack card: its buttons, the modals they open, and the card as drawn. */
export function disputeCard(app: SlackTestApp) {
  const press = (action: string, reference: string, cardTs: string, userId: string) =>
    app.send(
      blockAction({ actionId: `dispute:${action}`, value: reference, userId, channelId: CASES_CHANNEL, messageTs: cardTs, responseUrl: app.slack.responseUrl() }),
      'application/x-www-form-urlencoded',
    );

  const openModal = async (action: string, reference: string, cardTs: string, userId: string) => {
    const before = app.slack.of('views.open').length;
    expect((await press(action, reference, cardTs, userId)).status).toBe(200);
    const opened = app.slack.of('views.open').slice(before).at(-1);
    if (!opened) throw new Error(`No modal opened for ${action}: ${JSON.stringify(app.slack.of('chat.postEphemeral'))}`);
    return opened.args.view as Record<string, any>;
  };

  const submit = (view: Record<string, any>, userId: string, values: Record<string, Record<string, unknown>>) =>
    app.send(viewSubmission({ view, userId, values }), 'application/x-www-form-urlencoded');

  /** The card as Slack last drew it. */
  const drawn = (cardTs: string) => {
    const calls = app.slack.calls.filter(
      (call) => (call.method === 'chat.update' && call.args.ts === cardTs) || (call.method === 'chat.postMessage' && !call.args.thread_ts),
    );
    return JSON.stringify(calls.at(-1)?.args.blocks ?? []);
  };

  /** The texts posted in the card's thread, oldest first. */
  const thread = (cardTs: string) => app.slack.of('chat.postMessage').filter((call) => call.args.thread_ts === cardTs).map((call) => String(call.args.text));

  return { press, openModal, submit, drawn, thread };
}
