import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { MOST_ANSWERS_A_DAY } from '../adapters/email/email-inbox.js';
import { OutboxRelay } from '../src/notifications/outbox-relay.js';
import { CORE_SCHEMA } from '../src/database/schema.js';
import { dataSourceOptions } from '../src/database/data-source.options.js';
import { ASSESSMENT, CustomerAndStaff } from './support/customer-and-staff.js';
import { dialects } from './support/databases.js';
import { emailFixture } from './support/email-fixtures.js';
import { eventually } from './support/eventually.js';
import { INBOUND_SIGNING_KEY, postToMailgunRoute } from './support/mailgun-posts.js';
import { SmtpInbox } from './support/smtp-inbox.js';

const MONDAY_MORNING = '2026-03-02T10:00:00.000Z';
const ANA = 'ana.garcia@example.org';
const FROM = 'complaints@redress.example';

/**
 * A complaint made by email, end to end: the customer's email through a signed Mailgun post, Redress's answers
 * through a real SMTP server on 127.0.0.1, staff through the API and Slack. Then what must not happen: a forged post
 * stored, a mail loop with an out-of-office, a conversation started by a bounce.
 */
describe.each(dialects())('complaints by email on %s', (dialect) => {
  let smtp: SmtpInbox;
  let world: CustomerAndStaff;

  beforeAll(async () => {
    smtp = await new SmtpInbox().start();
    world = await CustomerAndStaff.start(
      dialect,
      { SMTP_URL: smtp.url, EMAIL_FROM: FROM, EMAIL_INBOUND_SIGNING_KEY: INBOUND_SIGNING_KEY, EMAIL_MAX_MESSAGE_BYTES: '32768' },
      MONDAY_MORNING,
    );
  });

  afterAll(async () => {
    await world?.stop();
    await smtp?.stop();
  });

  const post = (raw: string, options: Parameters<typeof postToMailgunRoute>[2] = {}) =>
    postToMailgunRoute(world.server.baseUrl, raw, { timestamp: new Date(MONDAY_MORNING), ...options });
  /** Emails as the inbound pipeline holds them: the provider id is the Message-ID; `kind` is the webhook's reading. */
  const inboundRows = async () => {
    const db = world.server.app.get(DataSource);
    const rows = (await db.query("SELECT provider_id, payload, outcome FROM inbound_messages WHERE channel = 'email' ORDER BY id")) as { provider_id: string; payload: string; outcome: string | null }[];
    return rows.map((row) => ({ message_id: row.provider_id, kind: (JSON.parse(row.payload) as { kind: string }).kind, outcome: row.outcome }));
  };
  const handled = (messageId: string) =>
    eventually(async () => {
      const row = (await inboundRows()).find((r) => r.message_id === messageId);
      if (!row?.outcome) throw new Error(`${messageId} not handled yet`);
      return row;
    }, 1200);

  /** Ana answers one of Redress's emails from her mail program: to its Reply-To, quoting it, threaded under it. */
  const replyTo = (email: { parsed: any }, answer: string, messageId: string) =>
    emailFixture('reply.eml', {
      IN_REPLY_TO: email.parsed.messageId,
      SUBJECT: email.parsed.subject,
      TO: email.parsed.replyTo.value[0].address,
      ANSWER: answer,
    }).replace('<CAGk4r2Zq8wVt7Lh3Nn0pD2cB5xJ1sE9mK6fR3yU0@mail.gmail.com>', messageId);

  it('a new email becomes a complaint; updates, a staff reply and the customer\'s reply all travel by email', async () => {
    expect((await post(emailFixture('new-complaint.eml'))).status).toBe(200);

    // she wrote in Spanish: asked in Spanish what it is about, under her own email
    const asked = await smtp.waitFor(ANA, /Para registrarlo como queja/);
    expect(asked.parsed.subject).toBe('Su correo a Your Organisation');
    expect(asked.parsed.inReplyTo).toBe('<CAGk4r2ZpQ1mF3xN8vB0tL6dE9sHj7uK5wY2cR4aT1@mail.gmail.com>');
    expect(asked.header('auto-submitted')).toBe('auto-replied');
    expect(asked.parsed.text).toContain('1. Entrega\n2. Facturación');
    expect(asked.parsed.text).toContain('¿Trata su correo de una queja que ya nos hizo? Entonces responda a uno de nuestros correos sobre ella');

    // more of the story first: kept with it, and the question asked again
    await post(replyTo(asked, 'The box was soaking wet too.', '<more-1@mail.gmail.com>'));
    expect(await handled('<more-1@mail.gmail.com>')).toMatchObject({ outcome: 'added_to_story' });
    const again = await smtp.waitFor(ANA, /Hemos añadido su nuevo correo a lo que nos escribió antes\./);
    expect(again.parsed.text).toContain('Responda solo con uno de estos números:\n\n1. Entrega');

    // she answers with a number: the complaint is recorded with all she wrote
    expect((await post(replyTo(asked, '1', '<answer-1@mail.gmail.com>'))).status).toBe(200);
    const filed = await smtp.waitFor(ANA, /Hemos registrado su queja/);
    const reference = /Su referencia es ([0-9A-Z]{4}-[0-9A-Z]{4})\./.exec(filed.parsed.text!)![1];
    expect(filed.parsed.subject).toBe(`Su queja ${reference}`);
    expect(filed.parsed.text).toMatch(/Su código secreto es [0-9A-Z]{3}-[0-9A-Z]{3}\./);
    expect(filed.parsed.replyTo!.value[0].address).toBe(`complaints+${reference}@redress.example`);
    const complaint = await world.complaint(reference);
    expect(complaint).toMatchObject({ status: 'received', category: 'delivery', language: 'es', channel: 'email' });
    expect(complaint.description).toContain('Mi pedido llegó roto');
    expect(complaint.description).toContain('la lámpara hecha pedazos');
    expect(complaint.description).toContain('The box was soaking wet too.');
    await world.slackPost(new RegExp(`Complaint ${reference}`));

    // staff acknowledge it: the status update goes by email, in the thread
    await world.act(reference, { action: 'acknowledge' });
    const acknowledged = await smtp.waitFor(ANA, new RegExp(`Hemos recibido su queja ${reference}\\.`));
    expect(acknowledged.parsed.subject).toBe(`Su queja ${reference}`);
    expect(acknowledged.header('auto-submitted')).toBe('auto-generated');
    expect(acknowledged.parsed.inReplyTo).toBe(filed.parsed.messageId);

    // a staff reply through the API: signed, not marked automatic
    const reply = await world.server.request('POST', `/api/complaints/${reference}/replies`, { body: { text: 'Le enviamos otra lámpara hoy mismo.' }, headers: { 'x-staff-id': 'api-jo' } });
    expect(reply.status).toBe(201);
    const staffEmail = await smtp.waitFor(ANA, /otra lámpara/);
    expect(staffEmail.header('auto-submitted')).toBeUndefined();

    // her reply to it goes into the case, only her new words, and staff see it in Slack
    expect((await post(replyTo(staffEmail, 'Thank you, the courier was DPD.', '<answer-2@mail.gmail.com>'))).status).toBe(200);
    expect(await handled('<answer-2@mail.gmail.com>')).toMatchObject({ outcome: 'added_to_case' });
    const said = (await world.history(reference)).filter((e) => e.type === 'message.received_from_customer');
    expect(said.map((e) => e.data.text)).toEqual(['Thank you, the courier was DPD.']);
    expect(said[0].data.channel).toBe('email');
    await world.slackPost(/the courier was DPD/);
    const added = await smtp.waitFor(ANA, /Hemos añadido su correo a su queja/);
    expect(added.parsed.subject).toBe(`Su queja ${reference}`);

    // staff ask a question; her emailed answer is the answer, and the case moves on
    await world.act(reference, { action: 'assess', assessment: ASSESSMENT });
    await world.act(reference, { action: 'start_investigation' });
    await world.act(reference, { action: 'request_information', question: '¿Cuándo hizo el pedido?' });
    const question = await smtp.waitFor(ANA, /Nuestra pregunta:\n¿Cuándo hizo el pedido\?/);
    await post(replyTo(question, 'On 20 February.', '<answer-3@mail.gmail.com>'));
    expect(await handled('<answer-3@mail.gmail.com>')).toMatchObject({ outcome: 'answered_question' });
    expect((await world.complaint(reference)).status).toBe('investigating');
    await smtp.waitFor(ANA, new RegExp(`Hemos añadido esto a su queja ${reference}`));

    // a proposal she accepts with YES, as the email asks
    await world.act(reference, { action: 'propose_response', outcome: 'una lámpara nueva', explanation: 'El daño fue en el transporte.' });
    const proposal = await smtp.waitFor(ANA, /una lámpara nueva/);
    await post(replyTo(proposal, 'YES', '<answer-4@mail.gmail.com>'));
    expect(await handled('<answer-4@mail.gmail.com>')).toMatchObject({ outcome: 'responded_to_proposal' });
    expect((await world.complaint(reference)).status).toBe('resolved');
    const resolved = await smtp.waitFor(ANA, /Hemos anotado que acepta/);
    expect(resolved.parsed.text).toContain(`Su queja ${reference} está resuelta.`);

    // a new email of hers, not a reply, with the reference in its subject goes into the case too
    const fresh = emailFixture('new-complaint.eml')
      .replace('<CAGk4r2ZpQ1mF3xN8vB0tL6dE9sHj7uK5wY2cR4aT1@mail.gmail.com>', '<fresh-1@mail.gmail.com>')
      .replace(/^Subject: .*$/m, `Subject: Queja ${reference}`);
    await post(fresh);
    expect(await handled('<fresh-1@mail.gmail.com>')).toMatchObject({ outcome: 'added_to_case' });

    // someone else writing about her complaint is told why their email was not added to it
    const stranger = replyTo(staffEmail, 'Please close this complaint.', '<stranger-1@example.com>').replace(/^From: .*$/m, 'From: Mallory <mallory@example.com>');
    await post(stranger);
    expect(await handled('<stranger-1@example.com>')).toMatchObject({ outcome: 'not_theirs' });
    const refused = await smtp.waitFor('mallory@example.com', /We have not added your email/);
    expect(refused.parsed.text).toContain(`complaint ${reference}, because that complaint was not made with this email address`);
    const kept = (await world.history(reference)).filter((e) => e.type === 'message.received_from_customer').map((e) => e.data.text);
    expect(kept).toHaveLength(2);
    expect(kept.join('\n')).not.toContain('Please close this complaint.');
  });

  it('acts on no email whose From address Mailgun\'s SPF or DKIM check does not vouch for, and tells nothing of the case', async () => {
    const BEA = 'bea.ortiz@example.net';
    const filed = await world.server.request('POST', '/api/complaints', {
      body: { channel: 'api', contact: { kind: 'email', value: BEA }, customerName: 'Bea Ortiz', language: 'en', category: 'delivery', description: 'The lamp came broken.', acknowledge: true },
    });
    expect(filed.status).toBe(201);
    const reference: string = filed.body.reference;
    await world.act(reference, { action: 'assess', assessment: ASSESSMENT });
    await world.act(reference, { action: 'start_investigation' });
    await world.act(reference, { action: 'propose_response', outcome: 'A new lamp', explanation: 'It broke in transit.' });
    const proposal = await smtp.waitFor(BEA, /A new lamp/);
    const reply = (fixture: string, messageId: string, answer: string) =>
      emailFixture(fixture, {
        MESSAGE_ID: messageId,
        IN_REPLY_TO: proposal.parsed.messageId!,
        SUBJECT: proposal.parsed.subject!,
        TO: proposal.parsed.replyTo!.value[0].address!,
        ANSWER: answer,
      });
    const customerMessages = async () => (await world.history(reference)).filter((e) => e.type === 'message.received_from_customer');
    const answersToBea = () => smtp.to(BEA).length;

    // a forged YES: Mailgun found neither check passing, and the verdicts the forger wrote into the message are not taken
    const sentBefore = answersToBea();
    expect((await post(reply('forged-reply.eml', '<forged-yes@attacker.example>', 'YES'), { sender: 'bounce@attacker.example', verdicts: { spf: 'Fail', dkim: 'Fail' } })).status).toBe(200);
    expect(await handled('<forged-yes@attacker.example>')).toMatchObject({ outcome: 'unverified_sender' });
    // an SPF pass for the forger's own domain says nothing about the From address
    await post(reply('forged-reply.eml', '<forged-spf@attacker.example>', 'Please close it.').replace(/^X-Mailgun-.*\n/gm, ''), { sender: 'bounce@attacker.example', verdicts: { spf: 'Pass' } });
    expect(await handled('<forged-spf@attacker.example>')).toMatchObject({ outcome: 'unverified_sender' });
    expect((await world.complaint(reference)).status).toBe('response_proposed');
    expect(await customerMessages()).toEqual([]);
    // the address's owner is told, with nothing about the case in it
    const told = await eventually(async () => {
      const emails = smtp.to(BEA).slice(sentBefore);
      if (emails.length < 2) throw new Error('not told yet');
      return emails;
    }, 1200);
    for (const email of told) {
      expect(email.parsed.text).toContain('We have not acted on your email, because we could not confirm that it was sent from your address');
      expect(email.parsed.text).not.toContain(reference);
      expect(email.parsed.subject).not.toContain(reference);
      expect(email.parsed.text).not.toContain('A new lamp');
    }

    // her own YES, signed by her domain and passing Mailgun's DKIM check, is her answer
    expect((await post(reply('signed-reply.eml', '<signed-yes@mail.example.net>', 'YES'), { sender: 'bounces@mailer.example.com', verdicts: { dkim: 'Pass', spf: 'SoftFail' } })).status).toBe(200);
    expect(await handled('<signed-yes@mail.example.net>')).toMatchObject({ outcome: 'responded_to_proposal' });
    expect((await world.complaint(reference)).status).toBe('resolved');
  });

  it('refuses a forged post with 403 and stores nothing', async () => {
    const before = await inboundRows();
    const forged = await post(emailFixture('new-complaint.eml').replace('CAGk4r2ZpQ1mF3xN8vB0tL6dE9sHj7uK5wY2cR4aT1', 'forged-1'), { signingKey: 'not-the-key' });
    expect(forged.status).toBe(403);
    expect(forged.body.code).toBe('mailgun_signature_invalid');
    const stale = await post(emailFixture('new-complaint.eml').replace('CAGk4r2ZpQ1mF3xN8vB0tL6dE9sHj7uK5wY2cR4aT1', 'forged-2'), { timestamp: new Date('2026-03-01T10:00:00.000Z') });
    expect(stale.status).toBe(403);
    expect(await inboundRows()).toEqual(before);
  });

  it('answers an email too large to take, and one with no words, saying what to do', async () => {
    await post(emailFixture('large.eml'));
    const large = await smtp.waitFor(ANA, /too large/);
    expect(large.parsed.text).toContain('it was 65 KB and we can take up to 32 KB');
    expect(await handled('<large-9a8b7c6d@example.org>')).toMatchObject({ kind: 'too_large', outcome: 'too_large' });

    await post(emailFixture('no-text.eml'));
    const empty = await smtp.waitFor(ANA, /no text that we could read/);
    expect(empty.parsed.inReplyTo).toBe('<7f3c1a2b-0d4e-4f5a-9b6c-8d7e6f5a4b3c@example.org>');
  });

  it('marks a bounced email failed for staff, and starts no conversation with the mail server', async () => {
    const nobody = 'no.such.person@example.net';
    const filed = await world.server.request('POST', '/api/complaints', {
      body: { channel: 'api', contact: { kind: 'email', value: nobody }, customerName: 'Nobody', category: 'billing', description: 'Charged twice.', acknowledge: true },
    });
    const reference: string = filed.body.reference;
    const sent = await smtp.waitFor(nobody, new RegExp(reference));
    const emailsBefore = smtp.received.length;

    await post(emailFixture('bounce.eml', { RECIPIENT: nobody, ORIGINAL_MESSAGE_ID: sent.parsed.messageId! }));
    expect(await handled('<20260302103107.4C1F2A0321@mx.example.net>')).toMatchObject({ kind: 'bounce', outcome: 'bounce_recorded' });
    const failure = (await world.history(reference)).find((e) => e.type === 'message.delivery_failed');
    expect(failure?.data).toMatchObject({ channel: 'email', error: expect.stringContaining('5.1.1') });
    expect(smtp.received.length).toBe(emailsBefore);
  });

  it('never answers an out-of-office, so no mail loop starts', async () => {
    const emailsBefore = smtp.received.length;
    await post(emailFixture('out-of-office.eml', { IN_REPLY_TO: '<redress.00000000-0000-4000-8000-000000000000@redress.example>', TO: FROM, SUBJECT: 'Su queja' }));
    expect(await handled('<AM9PR08MB6899F3C1D2E4B5A6C7D8E9F0A1B2@AM9PR08MB6899.eurprd08.prod.outlook.com>')).toMatchObject({ kind: 'automatic', outcome: 'ignored_automatic' });
    // anything owed would be sent by now: the relay has nothing for this address
    await world.server.app.get(OutboxRelay).drain();
    expect(smtp.received.length).toBe(emailsBefore);
  });
  it('stops answering an address after a day\'s worth of answers, so a responder that ignores Auto-Submitted cannot loop', async () => {
    const robot = 'helpdesk-robot@example.com';
    const ids: string[] = [];
    for (let i = 0; i < MOST_ANSWERS_A_DAY + 2; i++) {
      const id = `<robot-${i}@example.com>`;
      ids.push(id);
      const raw = emailFixture('no-text.eml').replace('<7f3c1a2b-0d4e-4f5a-9b6c-8d7e6f5a4b3c@example.org>', id).replace(/^From: .*$/m, `From: Helpdesk <${robot}>`);
      expect((await post(raw)).status).toBe(200);
    }
    for (const id of ids) expect(await handled(id)).toMatchObject({ outcome: 'no_text' });
    await world.server.app.get(OutboxRelay).drain();
    await smtp.waitFor(robot, /no text that we could read/, MOST_ANSWERS_A_DAY);
    expect(smtp.to(robot)).toHaveLength(MOST_ANSWERS_A_DAY);
  });
  it('handles after a restart an email that was stored but not yet handled when Redress stopped', async () => {
    // what a crash between storing an email and handling it leaves behind
    await world.server.restart(async () => {
      const database = await new DataSource(dataSourceOptions(world.server.config, CORE_SCHEMA)).initialize();
      try {
        const p = (n: number) => (database.options.type === 'postgres' ? `$${n}` : '?');
        const email = { messageId: '<before-restart@example.org>', kind: 'message', fromAddress: 'sam@example.org', subject: '', body: '', details: { authenticated: true, authentication: 'SPF passed for example.org' } };
        await database.query(
          `INSERT INTO inbound_messages (channel, conversation_key, provider_id, payload, received_at, attempts)
           VALUES ('email', ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, 0)`,
          ['sam@example.org', email.messageId, JSON.stringify(email), MONDAY_MORNING],
        );
      } finally {
        await database.destroy();
      }
    });
    expect(await handled('<before-restart@example.org>')).toMatchObject({ outcome: 'no_text' });
    await smtp.waitFor('sam@example.org', /no text that we could read/);
  });
});
