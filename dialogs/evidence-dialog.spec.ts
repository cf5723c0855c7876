import { describe, expect, it } from '@jest/globals';
import { MemoryStorage } from 'botbuilder';
import { EvidenceDialog } from './evidence-dialog.js';
import type { ArrivedFile } from './evidence-files.js';
import { RedressBot } from './redress-bot.js';
import { TEST_CHANNELS } from './testing/channels.js';
import { FakeCustomerDesk } from './testing/fake-customer-desk.js';
import { FakeEvidence } from './testing/fake-evidence.js';
import { ASK, CATEGORIES, MENU, NOW } from './testing/fixtures.js';
import { OPENS_CHAT, TestConversation, type ConversationOptions } from './testing/test-conversation.js';

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('a photo of a torn parcel')]);
const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n');
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x00, 0x00]);

let delivery = 0;
function file(bytes: Buffer, name?: string): ArrivedFile {
  delivery += 1;
  return { sourceKey: `test:${delivery}:0`, origin: 'webchat', name, bytes };
}

function setUp(options: ConversationOptions = { filesAccepted: 'documents' }) {
  const clock = { now: () => NOW };
  const desk = new FakeCustomerDesk(clock);
  const evidence = new FakeEvidence();
  const bot = new RedressBot(new MemoryStorage(), desk, clock, TEST_CHANNELS, undefined, undefined, evidence);
  return { desk, evidence, chat: new TestConversation(bot, options) };
}

/** Makes a complaint in the chat and answers with its reference; the bot has just asked for a file, if it does. */
async function fileComplaint(chat: TestConversation): Promise<{ reference: string; replies: string }> {
  await chat.play([
    [OPENS_CHAT, [ASK.menuFirst, MENU]],
    ['Make a complaint', ASK.describe],
    ['My parcel came torn open', [ASK.category, CATEGORIES]],
    ['Delivery', ASK.occurred],
    ['yesterday', ASK.remedy],
    ['A refund', ASK.contact],
    ['In this chat', ASK.review],
  ]);
  const replies = await chat.says('Send it');
  const reference = /Your reference is ([0-9A-Z]{4}-[0-9A-Z]{4})/.exec(replies)?.[1];
  if (!reference) throw new Error(`No reference in:\n${replies}`);
  return { reference, replies };
}

describe(EvidenceDialog.name, () => {
  it('asks for a photo or document after the receipt, keeps each with the complaint, refuses a wrong type, and ends on DONE', async () => {
    const { chat, evidence } = setUp();
    const { reference, replies } = await fileComplaint(chat);
    expect(replies).toContain('If you have a photo or document that shows what happened, send it now.');
    expect(replies).toContain('You can send up to 5 files, each up to 10 MB: photos, PDFs or text files. Or reply SKIP.');
    expect(replies).not.toContain(ASK.menuAgain);

    const afterPhoto = await chat.sends('', [file(JPEG, 'IMG_0001.jpg')]);
    expect(afterPhoto).toContain(`Thank you. I have added your photo to complaint ${reference}.`);
    expect(afterPhoto).toContain('You can send 4 more files, or reply DONE.');

    const afterTwo = await chat.sends('here is the label too', [file(ZIP, 'label.zip'), file(PDF, 'label.pdf')]);
    expect(afterTwo).toContain('I could not take a file: I can only take photos (JPEG, PNG or HEIC), PDF documents and plain text files.');
    expect(afterTwo).toContain(`Thank you. I have added your PDF document to complaint ${reference}.`);
    expect(afterTwo).toContain('You can send 3 more files, or reply DONE.');

    const done = await chat.says('done');
    expect(done).toContain('All right. If you find one later, check your complaint and send it then.');
    expect(done).toContain(ASK.menuAgain);
    expect(evidence.kept.map(({ complaintId, name, origin }) => ({ complaintId, name, origin }))).toEqual([
      { complaintId: reference, name: 'IMG_0001.jpg', origin: 'webchat' },
      { complaintId: reference, name: 'label.pdf', origin: 'webchat' },
    ]);
  });

  it('names the limit of a file too large to read, asks again for words it does not understand, and takes SKIP', async () => {
    const { chat, evidence } = setUp();
    await fileComplaint(chat);
    const tooLarge = await chat.sends('', [{ sourceKey: 'test:big:0', origin: 'webchat', missing: { reason: 'too_large', limit: 10 * 1024 * 1024 } }]);
    expect(tooLarge).toContain('I could not take a file: it is larger than 10 MB. Please send a smaller one.');
    expect(tooLarge).toContain('You can send 5 more files, or reply DONE.');
    expect(await chat.says('the box was wet')).toContain('Please send a photo or document now, or reply SKIP.');
    const skipped = await chat.says('skip');
    expect(skipped).toContain(ASK.menuAgain);
    expect(evidence.kept).toEqual([]);
  });

  it('says the complaint is sent all the same when the customer cancels the step', async () => {
    const { chat } = setUp();
    await fileComplaint(chat);
    const cancelled = await chat.says('cancel');
    expect(cancelled).toContain('Your complaint is sent; you do not need to send a file.');
    expect(cancelled).toContain(ASK.menuAgain);
  });

  it('offers photos only, as a picture message, where the channel takes photos only', async () => {
    const { chat } = setUp({ channel: 'sms', id: '+447911123456', filesAccepted: 'photos' });
    await chat.play([
      [OPENS_CHAT, ASK.menuFirst],
      ['Make a complaint', ASK.describe],
      ['My parcel came torn open', ASK.category],
      ['Delivery', ASK.occurred],
      ['yesterday', ASK.remedy],
      ['A refund', ASK.contact],
      ['By text to this number', ASK.review],
      ['Send it', 'If you have a photo that shows what happened, send it now as a picture message. You can send up to 5 photos, each up to 10 MB.'],
      ['no thanks', ASK.menuAgain],
    ]);
  });

  it('asks for nothing where the customer cannot send files, yet keeps one that comes all the same', async () => {
    const { chat, evidence } = setUp({ channel: 'sms', id: '+447911123456' });
    await chat.play([
      [OPENS_CHAT, ASK.menuFirst],
      ['Make a complaint', ASK.describe],
      ['My parcel came torn open', ASK.category],
      ['Delivery', ASK.occurred],
      ['yesterday', ASK.remedy],
      ['A refund', ASK.contact],
      ['By text to this number', ASK.review],
      ['Send it', [ASK.menuAgain, { not: 'photo' }]],
    ]);
    const [reference] = (await chat.sends('', [file(JPEG)])).match(/[0-9A-Z]{4}-[0-9A-Z]{4}/) ?? [];
    expect(evidence.kept).toEqual([expect.objectContaining({ complaintId: reference })]);
  });

  it('keeps a file sent later, at the menu, with the complaint made here, and says no more than that', async () => {
    const { chat, evidence } = setUp();
    const { reference } = await fileComplaint(chat);
    await chat.says('skip');
    const later = await chat.sends('', [file(PDF, 'receipt.pdf')]);
    expect(later).toBe(`Thank you. I have added your PDF document to complaint ${reference}.`);
    expect(evidence.kept).toHaveLength(1);
  });

  it('offers to add a file after a status check, and keeps the next one with the complaint checked', async () => {
    const { chat, evidence } = setUp();
    const { reference } = await fileComplaint(chat);
    await chat.says('done');
    const status = await chat.says('Check a complaint');
    expect(status).toContain('Which complaint');
    const checked = await chat.says(reference);
    expect(checked).toContain('To add a photo or document to this complaint, send it here. You can send up to 5 more, each up to 10 MB.');
    expect(await chat.sends('', [file(JPEG)])).toContain(`I have added your photo to complaint ${reference}.`);
    expect(evidence.kept).toEqual([expect.objectContaining({ complaintId: reference })]);
  });

  it('keeps no file sent with no complaint in sight, and says how to give it one', async () => {
    const { chat, evidence } = setUp();
    await chat.opens();
    const said = await chat.sends('', [file(JPEG)]);
    expect(said).toBe(
      'I can only keep a file with a complaint, so I have not kept the one you sent. Choose Make a complaint or Check a complaint first, then send it again.',
    );
    expect(evidence.kept).toEqual([]);
  });

  it('keeps no file sent while a new complaint is told, and goes on with the words that came with it', async () => {
    const { chat, evidence } = setUp();
    await chat.play([
      [OPENS_CHAT, ASK.menuFirst],
      ['Make a complaint', ASK.describe],
    ]);
    const said = await chat.sends('My parcel came torn open', [file(JPEG)]);
    expect(said).toContain('I will ask for photos and documents once your complaint is sent, so I have not kept this one. Please send it again then.');
    expect(said).toContain(ASK.category);
    expect(evidence.kept).toEqual([]);
  });

  it('says a file left where the channel keeps it is not kept, and goes on with the words', async () => {
    const { chat, evidence } = setUp({});
    await chat.opens();
    await chat.adapter.processActivity(
      { type: 'message', text: 'Make a complaint', locale: 'en-GB', attachments: [{ contentType: 'image/jpeg', contentUrl: 'https://files.example/1.jpg', name: '1.jpg' }] },
      (context) => chat.bot.run(context),
    );
    const said = chat.adapter.activeQueue.splice(0).map((activity) => activity.text).join('\n');
    expect(said).toContain('I cannot keep files sent here, so I have not kept it.');
    expect(said).toContain(ASK.describe);
    expect(evidence.kept).toEqual([]);
  });

  it('speaks Spanish', async () => {
    const { chat } = setUp({ filesAccepted: 'documents', locale: 'es-ES' });
    await chat.opens();
    expect(await chat.sends('', [file(JPEG)])).toContain('Solo puedo guardar un archivo junto a una queja');
  });
});
