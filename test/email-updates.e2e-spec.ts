import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CustomerAndStaff } from './support/customer-and-staff.js';
import { dialects } from './support/databases.js';
import { emailFixture } from './support/email-fixtures.js';
import { eventually } from './support/eventually.js';
import { INBOUND_SIGNING_KEY, postToMailgunRoute } from './support/mailgun-posts.js';
import { SmtpInbox } from './support/smtp-inbox.js';

const REFERENCE = /Your reference is ([0-9A-Z]{4}-[0-9A-Z]{4})\./;

/** A customer who complains by SMS and asks for updates by email gets them by email, from a real SMTP server. */
describe.each(dialects())('updates by email for a complaint made by SMS, on %s', (dialect) => {
  let smtp: SmtpInbox;
  let world: CustomerAndStaff;

  beforeAll(async () => {
    smtp = await new SmtpInbox().start();
    world = await CustomerAndStaff.start(dialect, { SMTP_URL: smtp.url, EMAIL_FROM: 'complaints@redress.example', EMAIL_INBOUND_SIGNING_KEY: INBOUND_SIGNING_KEY });
  });

  afterAll(async () => {
    await world?.stop();
    await smtp?.stop();
  });

  it('offers email; the acknowledgement goes there, and a reply to it goes into the complaint', async () => {
    const sam = world.sms('+447911555777');
    const said = async (text: string) => (await sam.text(text)).replies.join('\n');
    await said('Hello');
    await said('1');
    await said('The courier left my parcel in the rain.');
    await said('Delivery');
    await said('yesterday');
    // email is offered because it is set up
    expect(await said('A refund')).toContain('Reply 1 for By text to this number, 2 for A phone number or 3 for An email address.');
    expect(await said('3')).toBe('What email address should we use?');
    await said('sam.lee@example.org');
    expect(await said('1')).toContain('Updates: by email to sam.lee@example.org');
    const filed = await said('1');
    const reference = REFERENCE.exec(filed)?.[1];
    expect(reference).toBeDefined();

    await world.act(reference!, { action: 'acknowledge' });
    const email = await smtp.waitFor('sam.lee@example.org', new RegExp(`We have received your complaint ${reference}\\.`));
    expect(email.parsed.subject).toBe(`Your complaint ${reference}`);
    expect(email.parsed.replyTo!.value[0].address).toBe(`complaints+${reference}@redress.example`);

    // and a reply to it from that address goes into the complaint made by SMS
    const reply = emailFixture('reply.eml', {
      IN_REPLY_TO: email.parsed.messageId!,
      SUBJECT: email.parsed.subject!,
      TO: email.parsed.replyTo!.value[0].address!,
      ANSWER: 'It was the blue parcel.',
    }).replace(/^From: .*$/m, 'From: Sam Lee <sam.lee@example.org>');
    expect((await postToMailgunRoute(world.server.baseUrl, reply, { timestamp: world.server.clock.now() })).status).toBe(200);
    await eventually(async () => {
      const said = (await world.history(reference!)).filter((e) => e.type === 'message.received_from_customer');
      expect(said.map((e) => [e.data.text, e.data.channel])).toEqual([['It was the blue parcel.', 'email']]);
    }, 1200);
  });
});
