import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { OutboxRelay } from '../src/notifications/outbox-relay.js';
import { SURVEY_DESK, type SurveyDesk } from '../src/satisfaction/survey-desk.js';
import { SurveyResponseRepository } from '../src/satisfaction/survey-response.repository.js';
import { ASSESSMENT, CustomerAndStaff } from './support/customer-and-staff.js';
import { dialects } from './support/databases.js';
import { emailFixture } from './support/email-fixtures.js';
import { INBOUND_SIGNING_KEY, postToMailgunRoute } from './support/mailgun-posts.js';
import { SmtpInbox, type ReceivedEmail } from './support/smtp-inbox.js';

jest.setTimeout(180_000);

const ANA = 'ana.garcia@example.org';
const FROM = 'complaints@redress.example';
/** Links point here; the test follows them to the server on 127.0.0.1, keeping the path after the prefix. */
const PUBLIC_URL = 'https://complaints.example.org/redress';
const LINK = /https:\/\/complaints\.example\.org\/redress\/survey\/([A-Za-z0-9_-]{43})/;

/** Surveys two days after closure, quiet 21:00-08:00 London time, one reminder after three days, expiry after seven; every channel. */
function surveyConduct(dialect: string): string {
  const file = join(tmpdir(), `redress-survey-email-${process.pid}-${dialect}.yaml`);
  writeFileSync(
    file,
    [
      'profile: default',
      'organisation:',
      '  name: Example Ltd',
      '  contactRoutes:',
      '    - { kind: email, label: Email, value: complaints@example.com }',
      'satisfactionSurvey:',
      '  delay: P2D',
      "  quietHours: { from: '21:00', until: '08:00' }",
      '  timeZone: Europe/London',
      '  reminderAfter: P3D',
      '  expiresAfter: P7D',
      '',
    ].join('\n'),
  );
  return file;
}

/**
 * The satisfaction survey for customers kept updated by email: an email with a link of their own, sent after the delay
 * outside quiet hours through a real SMTP server, and a survey page answered over HTTP; the answers reach staff in the
 * case's Slack thread.
 */
describe.each(dialects())('the satisfaction survey by email, on %s', (dialect) => {
  let smtp: SmtpInbox;
  let world: CustomerAndStaff;
  let relay: OutboxRelay;

  beforeAll(async () => {
    smtp = await new SmtpInbox().start();
    world = await CustomerAndStaff.start(
      dialect,
      { SMTP_URL: smtp.url, EMAIL_FROM: FROM, EMAIL_INBOUND_SIGNING_KEY: INBOUND_SIGNING_KEY, PUBLIC_URL, CODE_OF_CONDUCT_FILE: surveyConduct(dialect) },
      '2026-03-02T09:55:00.000Z',
    );
    relay = world.server.app.get(OutboxRelay);
  });

  afterAll(async () => {
    await world?.stop();
    await smtp?.stop();
  });

  /** What the relay is sending is settled first: a jump mid-send would expire its lease and send it again. */
  const at = async (iso: string) => {
    await relay.drain();
    world.server.clock.set(iso);
    await relay.drain();
  };
  const surveyEmails = (to: string, reference: string) =>
    smtp.to(to).filter((email) => email.parsed.subject?.includes(reference) && LINK.test(email.parsed.text ?? ''));
  /** The page a link in an email opens, on the server under test. */
  const pageOf = (email: ReceivedEmail) => `${world.server.baseUrl}/survey/${LINK.exec(email.parsed.text ?? '')![1]}`;
  const open = async (url: string) => {
    const response = await fetch(url);
    return { status: response.status, html: await response.text(), headers: response.headers };
  };
  const send = async (url: string, fields: Record<string, string>) => {
    const response = await fetch(url, { method: 'POST', body: new URLSearchParams(fields) });
    return { status: response.status, html: await response.text() };
  };
  /** Resolved with the customer's acceptance, then closed at `closedAt`. */
  const close = async (reference: string, closedAt: string) => {
    for (const step of [
      { action: 'acknowledge' },
      { action: 'assess', assessment: ASSESSMENT },
      { action: 'start_investigation' },
      { action: 'propose_response', outcome: 'Refunded', explanation: 'We refunded the lamp.' },
      { action: 'accept_response' },
    ]) {
      await world.act(reference, step);
    }
    await at(closedAt);
    await world.act(reference, { action: 'close', outcome: 'Refunded' });
  };
  /** A complaint recorded by staff for a customer to be kept updated by email, who agreed to the survey when asked. */
  const fileForEmail = async (address: string, filedAt: string) => {
    await at(filedAt);
    const filed = await world.server.request('POST', '/api/complaints', {
      body: { channel: 'api', contact: { kind: 'email', value: address }, category: 'billing', description: 'Charged twice.', acknowledge: false },
    });
    expect(filed.status).toBe(201);
    const reference = filed.body.reference as string;
    await world.server.app.get<SurveyDesk>(SURVEY_DESK).recordConsent(reference, true, 'intake');
    return reference;
  };

  it('a complaint made by email: asked after the delay, outside quiet hours, by email; answered on the page; staff see it in Slack', async () => {
    // Ana complains by email on Monday 2 March and picks the category in her reply
    const post = (raw: string) => postToMailgunRoute(world.server.baseUrl, raw, { timestamp: world.server.clock.now() });
    expect((await post(emailFixture('new-complaint.eml'))).status).toBe(200);
    const asked = await smtp.waitFor(ANA, /Para registrarlo como queja/);
    const answer = emailFixture('reply.eml', { IN_REPLY_TO: asked.parsed.messageId!, SUBJECT: asked.parsed.subject!, TO: asked.parsed.replyTo!.value[0].address!, ANSWER: '1' });
    expect((await post(answer)).status).toBe(200);
    const filed = await smtp.waitFor(ANA, /Hemos registrado su queja/);
    const reference = /Su referencia es ([0-9A-Z]{4}-[0-9A-Z]{4})\./.exec(filed.parsed.text!)![1];
    const cardTs = await world.cardTs(reference);

    // closed Monday 22:30 London: due Wednesday 22:30, which is quiet, so sent Thursday 08:00
    await close(reference, '2026-03-02T22:30:00.000Z');
    await at('2026-03-04T12:00:00.000Z');
    await at('2026-03-04T22:45:00.000Z');
    expect(surveyEmails(ANA, reference)).toEqual([]);
    await at('2026-03-05T08:00:00.000Z');
    const survey = await smtp.waitFor(ANA, LINK);
    expect(survey.parsed.subject).toBe(`Su queja ${reference}`);
    expect(survey.header('auto-submitted')).toBe('auto-generated');
    // she was never asked at intake (email has no dialog), so the email asks first, and the page is how she says yes
    expect(survey.parsed.text).toContain(`Su queja ${reference} está cerrada. ¿Podemos hacerle unas preguntas cortas sobre qué tal lo hicimos?`);
    expect(survey.parsed.text).toContain('El enlace funciona hasta las 08:00 del jueves, 12 de marzo.');
    expect(survey.parsed.text).toContain('Example Ltd');
    expect(survey.parsed.html).toMatch(/<a href="https:\/\/complaints\.example\.org\/redress\/survey\/[A-Za-z0-9_-]{43}">/);

    const page = pageOf(survey);
    const shown = await open(page);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toContain('text/html');
    expect(shown.headers.get('cache-control')).toBe('no-store');
    expect(shown.html).toContain('<html lang="es">');
    expect(shown.html).toContain(`Su queja ${reference} está cerrada.`);
    expect(shown.html).toContain('<legend>¿Cuánto le satisface cómo tratamos su queja?</legend>');
    expect(shown.html).toContain('Puede responder hasta las 08:00 del jueves, 12 de marzo.');
    expect(shown.html).toContain('Al enviar sus respuestas acepta que las guardemos');

    // a score the scale does not have: the form again, with what she typed and what is wrong, and nothing kept
    const refused = await send(page, { handling: '9', outcome: '1', datesKept: 'no', comment: 'Tardaron <b>semanas</b> en contestar.' });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('Hay un problema');
    expect(refused.html).toContain('Elija un número del 1 al 5 sobre cómo tratamos su queja, o déjelo en blanco.');
    expect(refused.html).toContain('Tardaron &lt;b&gt;semanas&lt;/b&gt; en contestar.</textarea>');
    expect(refused.html).toMatch(/<input type="radio" id="outcome-1" name="outcome" value="1" checked>/);
    expect(refused.html).toMatch(/<input type="radio" id="datesKept-2" name="datesKept" value="no" checked>/);
    expect(await world.server.app.get(SurveyResponseRepository).list({ channel: 'email' }, { offset: 0, limit: 10 })).toMatchObject({ total: 0 });

    const thanked = await send(page, { handling: '2', outcome: '1', effort: '', datesKept: 'no', comment: 'Tardaron semanas en contestar.' });
    expect(thanked.status).toBe(200);
    expect(thanked.html).toContain(`Gracias por sus respuestas sobre la queja ${reference}.`);

    const { items } = await world.server.app.get(SurveyResponseRepository).list({ channel: 'email' }, { offset: 0, limit: 10 });
    expect(items).toMatchObject([
      { reference, channel: 'email', language: 'es', category: 'delivery', outcome: 'Refunded', handling: 2, outcomeScore: 1, effort: null, datesKept: 'no', comment: 'Tardaron semanas en contestar.' },
    ]);
    const consents = (await world.history(reference)).filter((event) => event.type === 'satisfaction.consent_recorded');
    expect(consents).toMatchObject([{ actor: 'customer', data: { consent: true, askedAt: 'closure' } }]);

    // staff see the answers in the case's thread, as a low score that names the supervisors
    const alert = await world.slackPost(new RegExp(`Low satisfaction\\* on ${reference}`));
    expect(alert.args.thread_ts).toBe(cardTs);
    expect(JSON.stringify(alert.args.blocks)).toContain('*How we handled it:* 2 of 5');
    expect(JSON.stringify(alert.args.blocks)).toContain('Tardaron semanas en contestar.');

    // answered: the link says so, and sending again changes nothing
    const again = await open(page);
    expect(again.status).toBe(410);
    expect(again.html).toContain('Ya ha respondido');
    expect((await send(page, { handling: '5' })).status).toBe(410);
    // a survey that asked first gets no reminder
    await at('2026-03-08T08:00:00.000Z');
    await at('2026-03-12T08:00:00.000Z');
    expect(surveyEmails(ANA, reference)).toHaveLength(1);
  });

  it('one reminder with a link of its own; both links are refused once the survey has expired', async () => {
    const sam = 'sam.lee@example.org';
    const reference = await fileForEmail(sam, '2026-04-06T09:00:00.000Z');
    await close(reference, '2026-04-06T12:00:00.000Z');
    await at('2026-04-08T12:00:00.000Z');
    const invitation = await smtp.waitFor(sam, LINK);
    expect(invitation.parsed.subject).toBe(`Your complaint ${reference}`);
    expect(invitation.parsed.text).toContain(`Your complaint ${reference} is closed. We would like to know how we did: there are five short questions, each one optional, on this page:`);
    // sent at 13:00 British Summer Time on Wednesday 8 April; it works for seven days
    expect(invitation.parsed.text).toContain('The link works until 13:00 on Wednesday 15 April. Please answer on the page: a reply to this email does not count as an answer to the survey.');
    const first = await open(pageOf(invitation));
    expect(first.status).toBe(200);
    expect(first.html).toContain('<legend>How easy was it to have your complaint dealt with?</legend>');
    expect(first.html).not.toContain('Sending your answers means you agree');

    await at('2026-04-11T12:00:00.000Z');
    await at('2026-04-13T12:00:00.000Z');
    const sent = surveyEmails(sam, reference);
    expect(sent).toHaveLength(2);
    const reminder = sent[1];
    expect(reminder.parsed.text).toContain(`We would still like to know how we did with your complaint ${reference}.`);
    expect(reminder.parsed.text).toContain('This is the only reminder we will send.');
    expect(pageOf(reminder)).not.toBe(pageOf(invitation));
    expect((await open(pageOf(reminder))).status).toBe(200);

    // 13:00 British Summer Time is 12:00 UTC
    await at('2026-04-15T11:59:00.000Z');
    expect((await open(pageOf(invitation))).status).toBe(200);
    await at('2026-04-15T12:00:00.000Z');
    for (const email of [invitation, reminder]) {
      const closed = await open(pageOf(email));
      expect(closed.status).toBe(410);
      expect(closed.html).toContain('This survey has closed');
      expect(closed.html).toContain(`The time to answer the survey about complaint ${reference} has passed`);
      expect((await send(pageOf(email), { handling: '4' })).status).toBe(410);
    }
    await at('2026-04-30T12:00:00.000Z');
    expect(surveyEmails(sam, reference)).toHaveLength(2);
    expect((await world.server.app.get(SurveyResponseRepository).list({ channel: 'email' }, { offset: 0, limit: 10 })).total).toBe(1);
  });

  it('a reopened case: its link is refused at once, and nothing is kept', async () => {
    const jo = 'jo.smith@example.org';
    const reference = await fileForEmail(jo, '2026-05-04T09:00:00.000Z');
    await close(reference, '2026-05-04T12:00:00.000Z');
    await at('2026-05-06T12:00:00.000Z');
    const invitation = await smtp.waitFor(jo, LINK);
    expect((await open(pageOf(invitation))).status).toBe(200);

    await world.act(reference, { action: 'reopen', reason: 'The refund never came.' });
    const refused = await open(pageOf(invitation));
    expect(refused.status).toBe(410);
    expect(refused.html).toContain(`We no longer ask about complaint ${reference}, as it has been reopened`);
    expect((await send(pageOf(invitation), { handling: '1', comment: 'Still no refund.' })).status).toBe(410);
    await at('2026-05-10T12:00:00.000Z');
    expect(surveyEmails(jo, reference)).toHaveLength(1);
    expect((await world.server.app.get(SurveyResponseRepository).list({ channel: 'email' }, { offset: 0, limit: 10 })).total).toBe(1);
  });

  it('a customer who stops surveys with their mail program\'s one-click unsubscribe gets none again, and still gets updates', async () => {
    const lee = 'lee.wong@example.org';
    const first = await fileForEmail(lee, '2026-06-01T09:00:00.000Z');
    await close(first, '2026-06-01T12:00:00.000Z');
    await at('2026-06-03T12:00:00.000Z');
    const invitation = await smtp.waitFor(lee, LINK);
    expect(invitation.parsed.text).toContain('If you would rather get no more surveys from us, you can say so on the page.');
    const token = LINK.exec(invitation.parsed.text!)![1];
    expect(/^List-Unsubscribe:\s*<([^>]+)>/im.exec(invitation.raw)?.[1]).toBe(`${PUBLIC_URL}/survey/${token}/stop`);
    expect(/^List-Unsubscribe-Post:\s*(.+)$/im.exec(invitation.raw)?.[1].trim()).toBe('List-Unsubscribe=One-Click');
    const form = await open(pageOf(invitation));
    expect(form.html).toContain(`<form method="post" action="${token}/stop">`);

    // opening the address changes nothing (mail scanners open links): it offers the button
    const offered = await open(`${pageOf(invitation)}/stop`);
    expect(offered.status).toBe(200);
    expect(offered.html).toContain('Stop sending me surveys');
    expect((await open(pageOf(invitation))).status).toBe(200);
    // from either page, the footer leads back to the published code of conduct
    for (const [html, url] of [[form.html, pageOf(invitation)], [offered.html, `${pageOf(invitation)}/stop`]]) {
      const back = new URL(/<a href="([^"]*code-of-conduct)">/.exec(html)![1], url);
      expect(`${back.pathname} ${(await fetch(back)).status}`).toBe('/code-of-conduct 200');
    }

    // the mail program's one click, as RFC 8058 has it
    const stopped = await send(`${pageOf(invitation)}/stop`, { 'List-Unsubscribe': 'One-Click' });
    expect(stopped.status).toBe(200);
    expect(stopped.html).toContain('We will not send you any more surveys about how we did. We will still write to you about your complaints.');
    const ended = await open(pageOf(invitation));
    expect(ended.status).toBe(410);
    // a spent link still offers to stop surveys, as the email says
    expect(ended.html).toContain('Stop sending me surveys');

    // another complaint of theirs is closed: they are told, as ever, and not surveyed
    const second = await fileForEmail(lee, '2026-06-08T09:00:00.000Z');
    await close(second, '2026-06-08T12:00:00.000Z');
    await smtp.waitFor(lee, new RegExp(`Your complaint ${second} is now closed\\.`));
    await at('2026-06-20T12:00:00.000Z');
    expect(surveyEmails(lee, second)).toEqual([]);
    expect(surveyEmails(lee, first)).toHaveLength(1);
  });

  it('a link that leads nowhere gets a plain page saying so', async () => {
    for (const token of ['A'.repeat(43), 'not-a-token', '..%2F..%2Fetc']) {
      const page = await open(`${world.server.baseUrl}/survey/${token}`);
      expect(page.status).toBe(404);
      expect(page.html).toContain('We cannot find this survey');
      expect(page.html).not.toMatch(/at \w+ \(|Error:/);
    }
    expect((await send(`${world.server.baseUrl}/survey/${'B'.repeat(43)}`, { handling: '3' })).status).toBe(404);
  });

  it('counts the surveys sent by email and answered in the response rates', async () => {
    const rates = await world.server.request('GET', '/api/satisfaction/response-rates');
    expect(rates.status).toBe(200);
    // Ana, Sam, Jo and Lee's first were sent, Ana answered; Lee's second was not sent, as Lee had stopped surveys
    expect(rates.body.channels).toEqual(expect.arrayContaining([{ channel: 'email', sent: 4, responded: 1, rate: 0.25, notSent: { opted_out: 1 } }]));
  });
});
