import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { EvidenceDesk } from '../src/evidence/evidence-desk.js';
import { phonePhotoJpeg, TEXT_BYTES } from '../src/evidence/evidence.fixtures.js';
import { gpsFieldCount } from '../src/evidence/exif-gps.js';
import { dialects } from './support/databases.js';
import { CASES_CHANNEL, startSlackApp, type SlackTestApp } from './support/slack-app.js';

describe.each(dialects())('evidence in the case’s Slack thread on %s', (dialect) => {
  let app: SlackTestApp;

  beforeAll(async () => {
    app = await startSlackApp(dialect);
  });

  beforeEach(() => {
    app.slack.clear();
  });

  afterAll(async () => {
    await app?.stop();
  });

  const desk = () => app.server.app.get(EvidenceDesk);

  it('uploads a photo the customer sent into the card’s thread, saying what it is, how it came and how big', async () => {
    const { reference, cardTs } = await app.file();
    const outcome = await desk().add(reference, { bytes: await phonePhotoJpeg(), name: 'IMG_0042.JPG' }, 'whatsapp', 'twilio:MM1:0');
    if (outcome.status !== 'stored') throw new Error('not stored');
    await app.deliver();

    const [asked] = app.slack.of('files.getUploadURLExternal');
    expect(asked.args).toMatchObject({ filename: 'IMG_0042.jpg', length: String(outcome.size) });
    const shared = app.slack.sharedFile(`IMG_0042.jpg (${outcome.evidenceId.slice(0, 8)})`);
    expect(shared).toMatchObject({ channel: CASES_CHANNEL, threadTs: cardTs });
    expect(shared?.initialComment).toMatch(/^:paperclip: \*The customer sent a photo\* \(\d+ bytes\) by WhatsApp · /);
    // the bytes Slack got are the stored ones, without where the photo was taken
    const stored = (await app.server.request('GET', `/api/complaints/${reference}/evidence`)).body.items[0];
    expect(shared?.bytes?.length).toBe(stored.size);
    expect(gpsFieldCount(shared?.bytes as Buffer)).toBe(0);
    expect((await app.outbox(reference)).filter((m) => m.kind === 'thread_message' && m.payload.direction === 'evidence')).toEqual([
      expect.objectContaining({ status: 'sent' }),
    ]);
  });

  it('shares a file once when Slack’s answer to completing it was lost and the upload is tried again', async () => {
    const { reference, cardTs } = await app.file();
    const outcome = await desk().add(reference, { bytes: TEXT_BYTES, name: 'notes.txt' }, 'webchat', 'directline:a1:0');
    if (outcome.status !== 'stored') throw new Error('not stored');
    app.slack.loseNextAnswer('files.completeUploadExternal');
    await app.deliver();
    app.server.clock.set(new Date(app.server.clock.now().getTime() + 60 * 60_000).toISOString());
    await app.deliver();

    const title = `notes.txt (${outcome.evidenceId.slice(0, 8)})`;
    const shares = [...app.slack.files.values()].filter((file) => file.title === title && file.ts);
    expect(shares).toHaveLength(1);
    expect(shares[0]).toMatchObject({ threadTs: cardTs, initialComment: expect.stringMatching(/a text file\* \(\d+ bytes\) by Web chat/) });
    expect(app.slack.of('files.completeUploadExternal')).toHaveLength(1);
    expect((await app.outbox(reference)).filter((m) => m.kind === 'thread_message' && m.payload.direction === 'evidence')).toEqual([
      expect.objectContaining({ status: 'sent' }),
    ]);
  });
});
