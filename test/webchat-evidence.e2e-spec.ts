import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { PDF_BYTES, phonePhotoJpeg, TEXT_BYTES, ZIP_BYTES } from '../src/evidence/evidence.fixtures.js';
import { dialects } from './support/databases.js';
import { startApp, type RunningApp } from './support/test-app.js';
import { DirectLineClient } from './support/web-chat.js';

/** A small limit, so that an over-size file is a few kilobytes. */
const MAX_FILE_BYTES = 4096;
const REFERENCE = /Your reference is ([0-9A-Z]{4}-[0-9A-Z]{4})\./;

describe.each(dialects())('files through Direct Line upload on %s', (dialect) => {
  let server: RunningApp;
  let client: DirectLineClient;
  let reference: string;
  let photo: Buffer;

  beforeAll(async () => {
    photo = await phonePhotoJpeg();
    server = await startApp(dialect, { EVIDENCE_MAX_FILE_BYTES: String(MAX_FILE_BYTES) });
    client = await DirectLineClient.start(server.baseUrl);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('asks for a photo or document once the complaint is made', async () => {
    await client.waitForBot(/What would you like to do\?/);
    await client.answer('Make a complaint', /Please tell me what happened/);
    await client.answer('The parcel came crushed and the invoice charged me twice.', /What is your complaint about\?/);
    await client.answer('Delivery', /When did it happen\?/);
    await client.answer('yesterday', /What would put it right for you\?/);
    await client.answer('A refund', /How should we keep you updated\?/);
    await client.answer('In this chat', /Shall I send it\?/);
    const filed = await client.answer('Send it', /May we ask you afterwards how we did\?/);
    reference = REFERENCE.exec(client.botTexts().join('\n'))![1];
    expect(filed).toBeDefined();
    const asked = await client.answer('No', /If you have a photo or document that shows what happened, send it now\./);
    expect(asked.text).toContain('You can send up to 5 files, each up to 4 KB: photos, PDFs or text files. Or reply SKIP.');
  }, 120_000);

  it('keeps the files of an upload with the complaint, once though the upload is retried, and names each one refused', async () => {
    const clientActivityID = randomUUID();
    const files = [
      { name: 'box.jpg', type: 'image/jpeg', bytes: photo },
      { name: 'invoice.pdf', type: 'application/pdf', bytes: PDF_BYTES },
      { name: 'report.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', bytes: ZIP_BYTES },
      { name: 'huge.txt', type: 'text/plain', bytes: Buffer.concat([TEXT_BYTES, Buffer.alloc(MAX_FILE_BYTES, 'a')]) },
    ];
    const first = await client.upload('Here they are', files, clientActivityID);
    expect(first.status).toBe(200);
    const again = await client.upload('Here they are', files, clientActivityID);
    expect(again).toMatchObject({ status: 200, body: { id: first.body.id } });

    const answer = await client.waitForBot(/You can send \d more files, or reply DONE\./, first.body.id);
    const said = client.botTexts().slice(-2).join('\n');
    expect(said).toContain(`Thank you. I have added your photo to complaint ${reference}.`);
    expect(said).toContain(`Thank you. I have added your PDF document to complaint ${reference}.`);
    expect(said).toContain('I could not take a file: I can only take photos (JPEG, PNG or HEIC), PDF documents and plain text files.');
    expect(said).toContain('I could not take a file: it is larger than 4 KB. Please send a smaller one.');
    expect(answer.text).toBe('You can send 3 more files, or reply DONE.');
    // the customer's own message shows the files' names
    const echoed = client.seen.find((activity) => activity.id === first.body.id);
    expect(echoed).toMatchObject({ text: 'Here they are', attachments: files.map((file) => ({ name: file.name })) });

    const listed = await server.request('GET', `/api/complaints/${reference}/evidence`);
    expect(listed.status).toBe(200);
    // both kept at the same instant: in either order
    const items = listed.body.items.map((item: { origin: string; kind: string; fileName: string }) => [item.origin, item.kind, item.fileName]);
    expect(items.sort()).toEqual([
      ['webchat', 'image', 'box.jpg'],
      ['webchat', 'pdf', 'invoice.pdf'],
    ]);
  }, 120_000);

  it('refuses an upload without the conversation token, or to another conversation, and keeps nothing', async () => {
    const other = await DirectLineClient.start(server.baseUrl);
    const files = [{ name: 'invoice.pdf', type: 'application/pdf', bytes: PDF_BYTES }];
    expect((await client.upload('x', files, randomUUID(), 'not-a-token')).status).toBe(401);
    const elsewhere = await fetch(`${server.baseUrl}/v3/directline/conversations/${client.conversationId}/upload?userId=x`, {
      method: 'POST',
      headers: { authorization: `Bearer ${other.token}`, 'content-type': 'multipart/form-data; boundary=x' },
      body: '--x--\r\n',
    });
    expect(elsewhere.status).toBe(403);
    const listed = await server.request('GET', `/api/complaints/${reference}/evidence`);
    expect(listed.body.items).toHaveLength(2);
  }, 120_000);

  it('refuses a body that is not a form with an activity, and a body larger than every file at its limit', async () => {
    const notForm = await fetch(`${server.baseUrl}/v3/directline/conversations/${client.conversationId}/upload?userId=x`, {
      method: 'POST',
      headers: { authorization: `Bearer ${client.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'hi' }),
    });
    expect(notForm.status).toBe(400);
    const noActivity = new FormData();
    noActivity.append('file', new Blob([new Uint8Array(PDF_BYTES)], { type: 'application/pdf' }), 'a.pdf');
    const withoutActivity = await fetch(`${server.baseUrl}/v3/directline/conversations/${client.conversationId}/upload?userId=x`, {
      method: 'POST',
      headers: { authorization: `Bearer ${client.token}` },
      body: noActivity,
    });
    expect(withoutActivity.status).toBe(400);
    expect(await withoutActivity.json()).toMatchObject({ code: 'upload_activity_missing' });
    const flood = new FormData();
    flood.append('file', new Blob([new Uint8Array(6 * MAX_FILE_BYTES + 512 * 1024)], { type: 'text/plain' }), 'flood.txt');
    const tooLarge = await fetch(`${server.baseUrl}/v3/directline/conversations/${client.conversationId}/upload?userId=x`, {
      method: 'POST',
      headers: { authorization: `Bearer ${client.token}` },
      body: flood,
    }).catch((error: unknown) => error);
    // the server stops reading and answers 413, or closes the connection while the client is still sending
    if (tooLarge instanceof Response) expect(tooLarge.status).toBe(413);
    else expect(tooLarge).toBeInstanceOf(Error);
  }, 120_000);
});
