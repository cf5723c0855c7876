import { describe, expect, it } from '@jest/globals';
import { emailFixture } from '../../test/support/email-fixtures.js';
import { readInboundEmail } from './inbound-mail.js';

const OURS = '<redress.0b6f2c3e-93a3-4a7e-8a51-0d2e4f6a8b9c@redress.example>';

describe(readInboundEmail.name, () => {
  it('reads a new email: sender, subject and words, whatever the encoding', async () => {
    // as Mailgun forwards it: its SPF verdict on top, the envelope sender beside it
    const email = await readInboundEmail(`X-Mailgun-Spf: Pass\r\n${emailFixture('new-complaint.eml')}`, 'unused', 'ana.garcia@example.org');
    expect(email).toEqual({
      kind: 'message',
      messageId: '<CAGk4r2ZpQ1mF3xN8vB0tL6dE9sHj7uK5wY2cR4aT1@mail.gmail.com>',
      from: 'ana.garcia@example.org',
      subject: 'Mi pedido llegó roto',
      text: 'Hola,\n\nMi pedido llegó ayer con la caja rota y la lámpara hecha pedazos. Quiero que me envíen otra o que me devuelvan el dinero.\n\nGracias,\nAna',
      attachments: 0,
      recipients: ['complaints@redress.example'],
      answers: [],
      authentication: { authenticated: true, why: 'SPF passed for example.org' },
    });
  });

  it('does not take a From address that no verdict of Mailgun vouches for', async () => {
    const email = await readInboundEmail(emailFixture('new-complaint.eml'), 'unused', 'ana.garcia@example.org');
    expect(email).toMatchObject({ kind: 'message', authentication: { authenticated: false } });
  });

  it('keeps only the new words of a reply, and what it answers', async () => {
    const raw = emailFixture('reply.eml', { IN_REPLY_TO: OURS, SUBJECT: 'Your complaint 7K4M-9P2Q', TO: 'complaints+7K4M-9P2Q@redress.example', ANSWER: 'The courier was DPD.' });
    const email = await readInboundEmail(raw, 'unused');
    expect(email).toMatchObject({ kind: 'message', text: 'The courier was DPD.', answers: [OURS, OURS], recipients: ['complaints+7k4m-9p2q@redress.example'] });
  });

  it('reads a delivery failure report: which of our messages failed, and why', async () => {
    const raw = emailFixture('bounce.eml', { RECIPIENT: 'nobody@example.net', ORIGINAL_MESSAGE_ID: OURS });
    const email = await readInboundEmail(raw, 'unused');
    expect(email).toMatchObject({ kind: 'bounce', failed: true, originalMessageId: OURS });
    expect(email.kind === 'bounce' && email.diagnostic).toContain('5.1.1');
  });

  it('knows an out-of-office for what it is', async () => {
    const raw = emailFixture('out-of-office.eml', { IN_REPLY_TO: OURS, TO: 'complaints@redress.example', SUBJECT: 'Your complaint 7K4M-9P2Q' });
    expect(await readInboundEmail(raw, 'unused')).toMatchObject({ kind: 'automatic', why: 'Auto-Submitted: auto-replied' });
  });

  it('finds no words in an email that is only a picture, and counts the file', async () => {
    expect(await readInboundEmail(emailFixture('no-text.eml'), 'unused')).toMatchObject({ kind: 'message', text: '', attachments: 1 });
  });
});
