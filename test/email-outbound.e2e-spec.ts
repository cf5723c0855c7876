import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dialects } from './support/databases.js';
import { eventually } from './support/eventually.js';
import { SmtpInbox } from './support/smtp-inbox.js';
import { startApp, type RunningApp } from './support/test-app.js';

const CUSTOMER = 'ana.garcia@example.org';

function aComplaint(email: string, language = 'es') {
  return {
    channel: 'api',
    contact: { kind: 'email', value: email },
    customerName: 'Ana García',
    language,
    category: 'delivery',
    description: 'Mi paquete llegó roto.',
    acknowledge: true,
  };
}

/**
 * Email to customers through a real SMTP server on 127.0.0.1: what the customer's mail program receives for the
 * acknowledgement and a staff reply, and what staff see when a mailbox does not exist.
 */
describe.each(dialects())('email to customers on %s', (dialect) => {
  let smtp: SmtpInbox;
  let server: RunningApp;

  beforeAll(async () => {
    smtp = await new SmtpInbox().start();
    server = await startApp(dialect, {
      SMTP_URL: smtp.url,
      EMAIL_FROM: 'complaints@redress.example',
      EMAIL_INBOUND_SIGNING_KEY: 'key-for-inbound-email-in-tests',
    });
  });

  afterAll(async () => {
    await server?.stop();
    await smtp?.stop();
  });

  it('acknowledges in the customer\'s language, as text and accessible HTML, with replies routed to the case', async () => {
    const filed = await server.request('POST', '/api/complaints', { body: aComplaint(CUSTOMER) });
    expect(filed.status).toBe(201);
    const reference: string = filed.body.reference;

    const email = await smtp.waitFor(CUSTOMER, new RegExp(reference));
    expect(email.parsed.subject).toBe(`Su queja ${reference}`);
    expect(email.parsed.from?.value[0].address).toBe('complaints@redress.example');
    expect(email.parsed.replyTo?.value[0].address).toBe(`complaints+${reference}@redress.example`);
    expect(email.parsed.messageId).toMatch(/^<redress\.[0-9a-f-]{36}@redress\.example>$/);
    expect(email.header('auto-submitted')).toBe('auto-generated');
    expect(email.parsed.text).toContain(`Hemos recibido su queja ${reference}.`);
    expect(email.parsed.text).toContain('Para escribirnos sobre esta queja, responda a este correo.');
    expect(email.parsed.html).toContain('<html lang="es">');
    expect(email.parsed.html).toContain(`Hemos recibido su queja ${reference}.`);
    expect(email.parsed.html).not.toMatch(/<img/i);

    const reply = await server.request('POST', `/api/complaints/${reference}/replies`, {
      body: { text: 'Le enviamos hoy uno nuevo <sin coste> & con seguimiento.' },
      headers: { 'x-staff-id': 'api-jo' },
    });
    expect(reply.status).toBe(201);
    const staffEmail = await smtp.waitFor(CUSTOMER, /sin coste/);
    expect(staffEmail.parsed.subject).toBe(`Su queja ${reference}`);
    // a person wrote it: not marked as sent automatically, and threaded under the acknowledgement
    expect(staffEmail.header('auto-submitted')).toBeUndefined();
    expect(staffEmail.parsed.inReplyTo).toBe(email.parsed.messageId);
    expect(staffEmail.parsed.references).toEqual(email.parsed.messageId);
    expect(staffEmail.parsed.text).toContain('Le enviamos hoy uno nuevo <sin coste> & con seguimiento.');
    expect(staffEmail.parsed.html).toContain('Le enviamos hoy uno nuevo &lt;sin coste&gt; &amp; con seguimiento.');
    // no password anywhere in what was sent
    expect(staffEmail.raw).not.toContain('smtp-password-for-tests');
  });

  it('tells staff, in the case history, when the mail server says the mailbox does not exist', async () => {
    const nobody = 'nobody@example.org';
    smtp.refuse.set(nobody, { code: 550, message: '5.1.1 No such user here' });
    const filed = await server.request('POST', '/api/complaints', { body: aComplaint(nobody, 'en') });
    const reference: string = filed.body.reference;
    const failure = await eventually(async () => {
      const history = (await server.request('GET', `/api/complaints/${reference}/history`)).body;
      const event = history.events.find((e: { type: string }) => e.type === 'message.delivery_failed');
      if (!event) throw new Error('no delivery failure yet');
      return event;
    }, 1200);
    expect(failure.data).toMatchObject({ channel: 'email', kind: 'status_update', error: expect.stringContaining('No such user') });
    expect(smtp.to(nobody)).toHaveLength(0);
  });
});
