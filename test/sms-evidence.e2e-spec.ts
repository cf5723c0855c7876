import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { JPEG_BYTES, PDF_BYTES, phonePhotoJpeg, ZIP_BYTES } from '../src/evidence/evidence.fixtures.js';
import { dialects } from './support/databases.js';
import { FakeTwilio } from './support/fake-twilio.js';
import { SmsCustomer } from './support/sms-customer.js';
import { startApp, type RunningApp } from './support/test-app.js';
import { smsSettings, testTwilioAccount } from './support/twilio-webhooks.js';

const OUR_NUMBER = '+447700900123';
/** A small limit, so that an over-size photo is a few kilobytes. */
const MAX_FILE_BYTES = 4096;
const credentials = (account: { accountSid: string; authToken: string }) =>
  `Basic ${Buffer.from(`${account.accountSid}:${account.authToken}`).toString('base64')}`;

describe.each(dialects())('photos by picture message (MMS) on %s', (dialect) => {
  const account = testTwilioAccount();
  let fake: FakeTwilio;
  let server: RunningApp;
  let db: DataSource;
  let sam: SmsCustomer;
  let reference: string;
  /** A real photo as a phone takes one. */
  let photo: Buffer;

  beforeAll(async () => {
    photo = await phonePhotoJpeg();
    fake = await new FakeTwilio(account.accountSid, account.authToken).start();
    server = await startApp(dialect, {
      ...smsSettings(account, fake.url, OUR_NUMBER),
      TWILIO_MMS_INBOUND: 'true',
      EVIDENCE_MAX_FILE_BYTES: String(MAX_FILE_BYTES),
    });
    db = server.app.get(DataSource);
    sam = new SmsCustomer(server, fake, account, '+447911123456', OUR_NUMBER);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await fake?.stop();
  });

  /** What the customer read, however the sentences were spread over texts and lines. */
  const said = (replies: string[]) => replies.join(' ').replace(/\s+/g, ' ');
  const evidenceOf = (ref: string) =>
    db.query(`SELECT origin, source_key AS "sourceKey", kind FROM evidence WHERE complaint_reference = '${ref}' ORDER BY created_at, source_key`);

  it('asks for a photo after the receipt, with the limits', async () => {
    await sam.text('Hello');
    await sam.text('1');
    await sam.text('The parcel came crushed and the glass inside was broken.');
    await sam.text('delivery');
    await sam.text('yesterday');
    await sam.text('A refund');
    await sam.text('1');
    const filed = said((await sam.text('1')).replies);
    reference = /Your reference is ([0-9A-Z]{4}-[0-9A-Z]{4})\./.exec(filed)![1];
    expect(filed).toContain('May we ask you afterwards how we did?');
    const asked = said((await sam.text('2')).replies);
    expect(asked).toContain('If you have a photo that shows what happened, send it now as a picture message.');
    expect(asked).toContain('You can send up to 5 photos, each up to 4 KB. Or reply SKIP.');
  }, 120_000);

  it('keeps a JPEG sent by MMS once, though Twilio posts the webhook twice and its media answers 503 at first', async () => {
    const sent = await sam.mms('', [{ bytes: photo, contentType: 'image/jpeg', failures: 1 }], 2);
    expect(said(sent.replies)).toContain(`Thank you. I have added your photo to complaint ${reference}.`);
    expect(said(sent.replies)).toContain('You can send 4 more files, or reply DONE.');
    expect(await evidenceOf(reference)).toEqual([{ origin: 'sms', sourceKey: `twilio:${sent.messageSid}:0`, kind: 'image' }]);
    // the credentials went to the Twilio API only, never to the media storage it redirected to
    const requests = fake.mediaRequests.filter((request) => request.path.includes(sent.messageSid) || request.where === 'storage');
    expect(requests.filter((r) => r.where === 'api').map((r) => r.authorization)).toEqual([credentials(account), credentials(account)]);
    expect(requests.filter((r) => r.where === 'storage').map((r) => r.authorization)).toEqual([null]);
    const history = await server.request('GET', `/api/complaints/${reference}/history`);
    expect(JSON.stringify(history.body)).toContain('evidence.added');
  }, 120_000);

  it('refuses a wrong type and an over-size file by name, and keeps the text and the good file sent with them', async () => {
    const big = Buffer.concat([JPEG_BYTES, Buffer.alloc(MAX_FILE_BYTES)]);
    const sent = await sam.mms('Here are the box and the receipt', [
      { bytes: ZIP_BYTES, contentType: 'image/jpeg' },
      { bytes: big, contentType: 'image/jpeg' },
      { bytes: PDF_BYTES, contentType: 'application/pdf' },
    ]);
    const text = said(sent.replies);
    expect(text).toContain('I could not take a file: I can only take photos (JPEG, PNG or HEIC), PDF documents and plain text files.');
    expect(text).toContain('I could not take a file: it is larger than 4 KB. Please send a smaller one.');
    expect(text).toContain(`Thank you. I have added your PDF document to complaint ${reference}.`);
    expect(text).toContain('You can send 3 more files, or reply DONE.');
    expect((await evidenceOf(reference)).map((row: { kind: string }) => row.kind).sort()).toEqual(['image', 'pdf']);
    const [stored] = await db.query(`SELECT payload FROM inbound_messages WHERE provider_id = '${sent.messageSid}'`);
    expect(JSON.parse(stored.payload).body).toBe('Here are the box and the receipt');
  }, 120_000);

  it('ends the photo step on DONE, and keeps a photo sent later with the same complaint', async () => {
    expect(said((await sam.text('done')).replies)).toContain('Is there anything else I can help with?');
    const later = await sam.mms('', [{ bytes: photo, contentType: 'image/jpeg' }]);
    expect(said(later.replies)).toBe(`Thank you. I have added your photo to complaint ${reference}.`);
    expect(await evidenceOf(reference)).toHaveLength(3);
  }, 120_000);

  it('fetches nothing from a media URL outside this account, and says the file did not reach us', async () => {
    const before = fake.mediaRequests.length;
    const other = 'AC' + '0'.repeat(32);
    const sent = await sam.mms('', [{ bytes: photo, contentType: 'image/jpeg' }], 1, (url) => url.replace(account.accountSid, other));
    expect(said(sent.replies)).toContain('I could not receive a file you sent. Please send it again.');
    expect(fake.mediaRequests.length).toBe(before);
    expect(await evidenceOf(reference)).toHaveLength(3);
  }, 120_000);
});
