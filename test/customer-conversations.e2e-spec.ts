import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { dialects } from './support/databases.js';
import { eventually } from './support/eventually.js';
import { FakeTwilio } from './support/fake-twilio.js';
import { SmsCustomer } from './support/sms-customer.js';
import { startApp, type RunningApp } from './support/test-app.js';
import { smsSettings, testTwilioAccount } from './support/twilio-webhooks.js';
import { DirectLineClient } from './support/web-chat.js';

jest.setTimeout(120_000);

const OUR_NUMBER = '+447700900456';
const ASSESSMENT = { severity: 'medium', impact: 'medium', complexity: 'low', urgency: 'medium', healthOrSafety: false };
const SUMMARY = /Shall I send it\?/;
const RETRY_SUMMARY = /Please choose what to do with your complaint\./;
const FILED = /Your complaint is recorded\./;

/** What customers new to Redress type, on web chat and by text, as they would type it. */
describe.each(dialects())('customers in their own words on %s', (dialect) => {
  const account = testTwilioAccount();
  let twilio: FakeTwilio;
  let server: RunningApp;
  let db: DataSource;
  let numbers = 0;

  beforeAll(async () => {
    twilio = await new FakeTwilio(account.accountSid, account.authToken).start();
    server = await startApp(dialect, { ...smsSettings(account, twilio.url, OUR_NUMBER) });
    db = server.app.get(DataSource);
  });

  afterAll(async () => {
    await server?.stop();
    await twilio?.stop();
  });

  /** A customer texting from a number Redress has not heard from before. */
  const newTexter = () => new SmsCustomer(server, twilio, account, `+4479111${String(++numbers).padStart(5, '0')}`, OUR_NUMBER);
  const said = (replies: string[]) => replies.join('\n');
  const filedCount = async () => Number((await db.query('SELECT COUNT(*) AS n FROM complaints'))[0].n);

  async function webChatToSummary(client: DirectLineClient): Promise<void> {
    await client.waitForBot(/What would you like to do\?/);
    await client.answer('Make a complaint', /Please tell me what happened\./);
    await client.answer('I was charged for a delivery that never came.', /What is your complaint about\?/);
    await client.answer('Billing', /When did it happen\?/);
    await client.answer('yesterday', /What would put it right for you\?/);
    await client.answer('A refund', /How should we keep you updated\?/);
    await client.answer('In this chat', SUMMARY);
  }

  async function smsToSummary(customer: SmsCustomer): Promise<void> {
    expect(said((await customer.text('Hello')).replies)).toContain('What would you like to do?');
    expect(said((await customer.text('1')).replies)).toContain('Please tell me what happened.');
    expect(said((await customer.text('I was charged for a delivery that never came.')).replies)).toContain('What is your complaint about?');
    expect(said((await customer.text('2')).replies)).toContain('When did it happen?');
    expect(said((await customer.text('yesterday')).replies)).toContain('What would put it right for you?');
    expect(said((await customer.text('A refund')).replies)).toContain('How should we keep you updated?');
    expect(said((await customer.text('1')).replies)).toMatch(SUMMARY);
  }

  describe('a number in a sentence is not a choice', () => {
    it('on web chat: "change 1 thing" at the summary files nothing, and "yes" sends it', async () => {
      const before = await filedCount();
      const client = await DirectLineClient.start(server.baseUrl);
      await webChatToSummary(client);
      const retry = await client.answer('hang on, I want to change 1 thing', RETRY_SUMMARY);
      expect(retry.text).not.toMatch(FILED);
      expect(await filedCount()).toBe(before);
      await client.answer('yes', FILED);
      expect(await filedCount()).toBe(before + 1);
    });

    it('by SMS: "it is about the 3 extra charges" is not the third topic, and "yes" sends the complaint', async () => {
      const before = await filedCount();
      const sam = newTexter();
      await sam.text('Hello');
      await sam.text('1');
      await sam.text('I was charged three times for one order.');
      const topic = said((await sam.text('it is about the 3 extra charges')).replies);
      // not a topic: right after the story it is taken as more of the story, and the topic asked again
      expect(topic).toContain('I have added that to what happened.');
      expect(topic).not.toContain('When did it happen?');
      expect(said((await sam.text('2')).replies)).toContain('When did it happen?');
      await sam.text('yesterday');
      await sam.text('A refund');
      expect(said((await sam.text('1')).replies)).toContain('About: Billing');
      const change = said((await sam.text('hang on, I want to change 1 thing')).replies);
      expect(change).toMatch(RETRY_SUMMARY);
      expect(await filedCount()).toBe(before);
      expect(said((await sam.text('yes')).replies)).toMatch(FILED);
      expect(await filedCount()).toBe(before + 1);
    });
  });
  describe('no choice over SMS is a carrier keyword', () => {
    it('by SMS: the summary offers "Don\'t send it", which stops the complaint and leaves the number subscribed', async () => {
      const before = await filedCount();
      const sam = newTexter();
      await smsToSummary(sam);
      const summary = said(twilio.sentTo(sam.number).map((sms) => sms.body).slice(-3));
      expect(summary).toContain("7: Don't send it");
      expect(summary).not.toMatch(/\bCancel\b/);
      expect(summary).not.toMatch(/\bHelp\b/);
      const stopped = said((await sam.text('7')).replies);
      expect(stopped).toContain('Your complaint was not sent, so no one will look into it.\nWhat you wrote is deleted after 90 days, unless you make a complaint in this conversation or already have one open with us.');
      expect(stopped).toContain('4 for How it works');
      expect(await filedCount()).toBe(before);
      // still subscribed: the next text is answered by the dialogs
      expect(said((await sam.text('4')).replies)).toContain('I can help you make a complaint, check on a complaint, or reach a person.');
      expect(await db.query(`SELECT * FROM sms_opt_outs WHERE phone_number = '${sam.number}'`)).toEqual([]);
    });

    it('on web chat: the summary offers "Don\'t send it" too, and "cancel" still stops', async () => {
      const client = await DirectLineClient.start(server.baseUrl);
      await webChatToSummary(client);
      const summary = client.seen.filter((a) => a.from.role === 'bot').at(-1)!;
      expect(summary.suggestedActions?.actions.map((a) => a.title)).toContain("Don't send it");
      await client.answer('cancel', /Your complaint was not sent, so no one will look into it\. What you wrote is deleted after 30 days, unless you make a complaint in this conversation or already have one open with us\./);
    });
  });
  describe('requests in the customer\'s own words, and their language', () => {
    it('on web chat: "I want to complain" at the menu starts a complaint; Spanish switches the chat to Spanish', async () => {
      const client = await DirectLineClient.start(server.baseUrl);
      await client.waitForBot(/What would you like to do\?/);
      await client.answer('I want to complain', /Please tell me what happened\./);
      await client.answer('menu', /What would you like to do\?/);
      const switched = await client.answer('hola, quiero poner una queja', /A partir de ahora le escribo en español\./);
      expect(switched.locale).toBe('es-ES');
      await client.waitForBot(/Por favor, cuénteme qué pasó\./, switched.id);
    });

    it('by SMS: a first text in Spanish is answered in Spanish, and "where is my complaint" checks on one', async () => {
      const ana = newTexter();
      const first = said((await ana.text('hola, quiero poner una queja')).replies);
      expect(first).toContain('A partir de ahora le escribo en español.');
      expect(first).toContain('Por favor, cuénteme qué pasó.');
      expect(first).not.toContain('Hello');
      expect(said((await ana.text('menú')).replies)).toContain('¿Qué quiere hacer?');
      expect(said((await ana.text('¿dónde está mi queja?')).replies)).toContain('¿Cuál es la referencia de su queja?');
    });
  });
  describe('wording: links, examples, staff words and who wrote them', () => {
    const staffReply = async (contact: { kind: string; value: string }, channel: string, text: string) => {
      const filed = await server.request('POST', '/api/complaints', {
        body: { channel, contact, category: 'billing', description: 'Charged twice.', acknowledge: true },
      });
      expect(filed.status).toBe(201);
      const reference = filed.body.reference as string;
      expect((await server.request('POST', `/api/complaints/${reference}/replies`, { body: { text } })).status).toBe(201);
      return reference;
    };

    it('on web chat: help links the code of conduct by its full address, a valid example reference, staff replies signed', async () => {
      const client = await DirectLineClient.start(server.baseUrl);
      await client.waitForBot(/What would you like to do\?/);
      const help = await client.answer('help', /our code of conduct/);
      expect(help.textFormat).toBe('markdown');
      expect(help.text).toContain('[our code of conduct](https://redress.example.org/code-of-conduct)');
      await client.answer('Check a complaint', /It looks like 7K4M-9P2Q\./);

      await staffReply({ kind: 'webchat', value: client.conversationId }, 'webchat', 'We will refund the fee.');
      const reply = await client.waitForBot(/^We will refund the fee\.$/);
      expect(reply.from).toMatchObject({ role: 'bot', name: 'Complaints team' });
      expect(help.from.name).toBeUndefined();
    });

    it('by SMS: help gives the full address, staff replies start with who wrote them, proposals are whole sentences', async () => {
      const sam = newTexter();
      await sam.text('Hello');
      const help = said((await sam.text('4')).replies);
      expect(help).toContain('our code of conduct (https://redress.example.org/code-of-conduct)');

      const reference = await staffReply({ kind: 'phone', value: sam.number }, 'api', 'We will refund the fee.');
      await eventually(async () => expect(sam.newTexts()).toContain('Complaints team: We will refund the fee.'));
      for (const action of [{ action: 'assess', assessment: ASSESSMENT }, { action: 'start_investigation' }]) {
        expect((await server.request('POST', `/api/complaints/${reference}/actions`, { body: action })).status).toBe(200);
      }
      const proposed = await server.request('POST', `/api/complaints/${reference}/actions`, {
        body: { action: 'propose_response', outcome: 'We will refund the fee.', explanation: 'It was our mistake.' },
      });
      expect(proposed.status).toBe(200);
      const proposal = await eventually(async () => {
        const text = sam.newTexts().join('\n');
        expect(text).toContain('this is what we propose');
        return text;
      });
      expect(proposal).toContain(`About your complaint ${reference}, this is what we propose:\nWe will refund the fee.\nIt was our mistake.\nReply YES`);
      expect(proposal).not.toMatch(/propose We|\.\./);
    });
  });
  describe('everything in the customer\'s language', () => {
    it('by SMS: STOP, START and HELP are answered in Spanish to a customer who writes Spanish, in English to a new number', async () => {
      const ana = newTexter();
      expect(said((await ana.text('Me cobraron dos veces y nadie contesta el teléfono')).replies)).toContain('A partir de ahora le escribo en español.');
      expect((await ana.text('STOP')).replies).toEqual([expect.stringContaining('ya no le enviaremos mensajes. Responda START')]);
      expect((await ana.text('START')).replies).toEqual([expect.stringContaining('volveremos a enviarle mensajes')]);
      const help = said((await ana.text('HELP')).replies);
      expect(help).toContain('Para poner una queja o consultar una, escriba cualquier mensaje');
      expect(help).toContain('Nuestros compromisos sobre las quejas: https://redress.example.org/code-of-conduct');

      const stranger = newTexter();
      expect((await stranger.text('STOP')).replies).toEqual([expect.stringContaining('you will get no more texts from us on this number')]);
    });
  });
});
