import { afterEach, describe, expect, it } from '@jest/globals';
import { dialects } from './support/databases.js';
import { SmtpInbox } from './support/smtp-inbox.js';
import { startApp, type RunningApp } from './support/test-app.js';

const CUSTOMER = 'lee.chan@example.org';
const ASSESSMENT = { severity: 'low', impact: 'low', complexity: 'low', urgency: 'low', healthOrSafety: false };
const INVITATION = /please reply|\breply (to this|yes)\b/i;

/**
 * An email that asks the customer for an answer invites a reply only when replies reach the case (inbound email is
 * connected); otherwise it says where else to answer, from the code of conduct's contact routes.
 */
describe.each(dialects())('what emails say about replying, on %s', (dialect) => {
  let smtp: SmtpInbox | undefined;
  let server: RunningApp | undefined;

  afterEach(async () => {
    await server?.stop();
    await smtp?.stop();
    server = undefined;
    smtp = undefined;
  });

  async function questionAndProposal(inboundSigningKey: string | undefined) {
    smtp = await new SmtpInbox().start();
    server = await startApp(dialect, {
      SMTP_URL: smtp.url,
      EMAIL_FROM: 'complaints@redress.example',
      ...(inboundSigningKey ? { EMAIL_INBOUND_SIGNING_KEY: inboundSigningKey } : {}),
    });
    const filed = await server.request('POST', '/api/complaints', {
      body: {
        channel: 'api',
        contact: { kind: 'email', value: CUSTOMER },
        customerName: 'Lee Chan',
        language: 'en',
        category: 'delivery',
        description: 'My parcel came broken.',
        acknowledge: true,
      },
    });
    expect(filed.status).toBe(201);
    const reference: string = filed.body.reference;
    const acknowledgement = await smtp.waitFor(CUSTOMER, /We have received your complaint/);
    for (const action of [
      { action: 'assess', assessment: ASSESSMENT },
      { action: 'start_investigation' },
      { action: 'request_information', question: 'Which courier brought it?' },
    ]) {
      expect((await server.request('POST', `/api/complaints/${reference}/actions`, { body: action })).status).toBe(200);
    }
    const question = await smtp.waitFor(CUSTOMER, /Which courier brought it\?/);
    for (const action of [
      { action: 'receive_information', message: 'The blue van.' },
      { action: 'propose_response', outcome: 'A new parcel, sent today.', explanation: 'It was crushed in the van.' },
    ]) {
      expect((await server.request('POST', `/api/complaints/${reference}/actions`, { body: action })).status).toBe(200);
    }
    const proposal = await smtp.waitFor(CUSTOMER, /A new parcel, sent today\./);
    return { reference, emails: [acknowledgement, question, proposal] };
  }

  it('without inbound email, no email invites a reply, and the question and proposal say where to answer', async () => {
    const { reference, emails } = await questionAndProposal(undefined);
    const [acknowledgement, question, proposal] = emails;
    for (const email of emails) {
      expect(email.parsed.text).not.toMatch(INVITATION);
      expect(email.parsed.text).not.toMatch(/\breply\b/i);
      expect(email.parsed.html).not.toMatch(INVITATION);
    }
    expect(acknowledgement.parsed.text).toContain(`We have received your complaint ${reference}.`);
    expect(question.parsed.text).toContain(
      'Replies to this email do not reach us, so please send us your answer, with your reference, through one of these: Web chat: Use the chat on our website; Email: complaints@example.com.',
    );
    expect(proposal.parsed.text).toContain(
      'Replies to this email do not reach us, so please tell us whether you accept, with your reference, through one of these: Web chat: Use the chat on our website; Email: complaints@example.com.',
    );
  }, 120_000);

  it('with inbound email, the emails invite a reply to the case', async () => {
    const { emails } = await questionAndProposal('key-for-inbound-email-in-tests');
    const [acknowledgement, question, proposal] = emails;
    expect(acknowledgement.parsed.text).toContain('To write to us about this complaint, reply to this email.');
    expect(question.parsed.text).toContain('Please reply to this message.');
    expect(proposal.parsed.text).toContain('Reply YES if you accept, or NO if you do not.');
    expect(question.parsed.text).not.toContain('do not reach us');
  }, 120_000);
});
