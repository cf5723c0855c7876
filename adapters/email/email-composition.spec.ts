import { describe, expect, it } from '@jest/globals';
import { Messages } from '../../dialogs/messages/messages.js';
import { composeEmail } from './email-composition.js';

const messages = new Messages();

describe(composeEmail.name, () => {
  it('names the complaint in the subject and says the same as text and as HTML, in the language given', () => {
    const email = composeEmail(messages, {
      reference: '7K4M-9P2Q',
      text: 'Hemos recibido su queja 7K4M-9P2Q.\nLe responderemos pronto.',
      language: 'es',
      organisation: 'Acme',
      repliesReachUs: true,
    });
    expect(email.subject).toBe('Su queja 7K4M-9P2Q');
    expect(email.text).toBe(
      'Hemos recibido su queja 7K4M-9P2Q.\nLe responderemos pronto.\n\nPara escribirnos sobre esta queja, responda a este correo.\n',
    );
    expect(email.html).toContain('<html lang="es">');
    expect(email.html).toContain('<title>Su queja 7K4M-9P2Q</title>');
    expect(email.html).toContain('<p>Hemos recibido su queja 7K4M-9P2Q.<br>\nLe responderemos pronto.</p>');
    expect(email.html).not.toMatch(/<img|<table|style=/);
  });

  it('escapes whatever staff wrote, and signs their reply', () => {
    const email = composeEmail(messages, {
      reference: '7K4M-9P2Q',
      text: 'Your <b>refund</b> & "voucher" are on their way',
      from: 'Priya',
      organisation: 'Acme & Sons',
      repliesReachUs: false,
    });
    expect(email.html).toContain('<p>Your &lt;b&gt;refund&lt;/b&gt; &amp; &quot;voucher&quot; are on their way</p>');
    expect(email.html).toContain('<p>Priya<br>\nAcme &amp; Sons</p>');
    expect(email.text).toBe('Your <b>refund</b> & "voucher" are on their way\n\nPriya\nAcme & Sons\n');
    // replies do not reach anyone, so the customer is not asked to reply
    expect(email.text).not.toContain('reply to this email');
  });

  it('names the organisation in the subject of an email about no complaint', () => {
    const email = composeEmail(messages, { reference: null, text: 'Hello', organisation: 'Acme', repliesReachUs: true });
    expect(email.subject).toBe('Your email to Acme');
    expect(email.language).toBe('en');
  });

  it('makes a web address on a line of its own a link in the HTML, and nothing else', () => {
    const email = composeEmail(messages, {
      reference: '7K4M-9P2Q',
      text: 'Answer here:\n\nhttps://redress.example/survey/abc_DEF-123\n\nOr see https://example.org/x in a sentence.',
      organisation: 'Acme',
      repliesReachUs: false,
    });
    expect(email.html).toContain('<p><a href="https://redress.example/survey/abc_DEF-123">https://redress.example/survey/abc_DEF-123</a></p>');
    expect(email.html).toContain('<p>Or see https://example.org/x in a sentence.</p>');
    expect(email.text).toContain('\nhttps://redress.example/survey/abc_DEF-123\n');
  });
});
