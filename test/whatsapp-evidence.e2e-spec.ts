import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { PDF_BYTES, phonePhotoJpeg, ZIP_BYTES } from '../src/evidence/evidence.fixtures.js';
import { CustomerAndStaff } from './support/customer-and-staff.js';
import { dialects } from './support/databases.js';
import { eventually } from './support/eventually.js';
import { twilioSid } from './support/fake-twilio.js';
import { inboundWhatsAppFields, postAsTwilio } from './support/twilio-webhooks.js';

const OUR_WHATSAPP = '+447700900999';

describe.each(dialects())('photos and documents on WhatsApp on %s', (dialect) => {
  let world: CustomerAndStaff;
  let db: DataSource;
  let photo: Buffer;
  const number = '+447911123456';
  let read = 0;

  beforeAll(async () => {
    photo = await phonePhotoJpeg();
    world = await CustomerAndStaff.start(dialect, { TWILIO_WHATSAPP_NUMBER: OUR_WHATSAPP });
    db = world.server.app.get(DataSource);
  }, 120_000);

  afterAll(async () => {
    await world?.stop();
  });

  /** Writes as the customer, with files Twilio keeps as media, and answers with what they read back. */
  async function write(body: string, files: { bytes: Buffer; contentType: string }[] = []): Promise<{ messageSid: string; said: string }> {
    const messageSid = files.length > 0 ? twilioSid('MM') : twilioSid('SM');
    const media = files.map((file) => ({ url: world.twilio.addMedia(messageSid, file.bytes, file.contentType), contentType: file.contentType }));
    const fields = inboundWhatsAppFields(world.account, { from: number, to: OUR_WHATSAPP, body, messageSid, media });
    const response = await postAsTwilio(world.server.baseUrl, '/webhooks/twilio/sms', fields, world.account);
    if (response.status !== 200) throw new Error(`The webhook answered ${response.status}: ${response.text}`);
    await eventually(async () => {
      const [inbound] = await db.query(`SELECT handled_at FROM inbound_messages WHERE channel = 'whatsapp' AND provider_id = '${messageSid}'`);
      if (!inbound?.handled_at) throw new Error('not handled yet');
      const owed = await db.query(`SELECT status FROM outbox_messages WHERE dedupe_key = 'whatsapp:turn:${messageSid}'`);
      if (owed.some((row: { status: string }) => row.status === 'pending' || row.status === 'sending')) throw new Error('not sent yet');
    });
    const all = world.twilio.sentTo(`whatsapp:${number}`);
    const fresh = all.slice(read);
    read = all.length;
    return { messageSid, said: fresh.map((message) => message.body).join(' ').replace(/\s+/g, ' ') };
  }

  it('asks for a photo or document after the receipt, keeps a PDF and a photo sent together, and refuses a wrong type by name', async () => {
    await write('Hello');
    await write('1');
    await write('The invoice charges me twice for one order.');
    await write('billing');
    await write('last Monday');
    await write('A refund of the second charge');
    await write('Here on WhatsApp');
    const filed = await write('1');
    const reference = /Your reference is ([0-9A-Z]{4}-[0-9A-Z]{4})\./.exec(filed.said)![1];
    const asked = await write('no');
    expect(asked.said).toContain('If you have a photo or document that shows what happened, send it now.');
    expect(asked.said).toContain('You can send up to 5 files, each up to 10 MB: photos, PDFs or text files. Or reply SKIP.');

    const sent = await write('The invoice and the box', [
      { bytes: PDF_BYTES, contentType: 'application/pdf' },
      { bytes: ZIP_BYTES, contentType: 'application/zip' },
      { bytes: photo, contentType: 'image/jpeg' },
    ]);
    expect(sent.said).toContain(`Thank you. I have added your PDF document to complaint ${reference}.`);
    expect(sent.said).toContain('I could not take a file: I can only take photos (JPEG, PNG or HEIC), PDF documents and plain text files.');
    expect(sent.said).toContain(`Thank you. I have added your photo to complaint ${reference}.`);
    expect(sent.said).toContain('You can send 3 more files, or reply DONE.');
    const kept = await db.query(`SELECT origin, kind, source_key AS "sourceKey" FROM evidence WHERE complaint_reference = '${reference}' ORDER BY source_key`);
    expect(kept).toEqual([
      { origin: 'whatsapp', kind: 'pdf', sourceKey: `twilio:${sent.messageSid}:0` },
      { origin: 'whatsapp', kind: 'image', sourceKey: `twilio:${sent.messageSid}:2` },
    ]);
    const history = await world.history(reference);
    expect(history.filter((event) => event.type === 'evidence.added')).toHaveLength(2);
    expect((await write('done')).said).toContain('Is there anything else I can help with?');
  }, 180_000);
});
