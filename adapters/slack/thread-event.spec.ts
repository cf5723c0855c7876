import { describe, expect, it } from '@jest/globals';
import { readThreadEvent, threadEventAuthor } from './thread-event.js';

const reply = { type: 'message', channel: 'C1', user: 'U1', text: 'Called the courier', ts: '2.000001', thread_ts: '1.000001' };
const file = {
  id: 'F1',
  name: 'receipt.pdf',
  title: 'Receipt',
  mimetype: 'application/pdf',
  filetype: 'pdf',
  size: 2048,
  permalink: 'https://redress.slack.com/files/U1/F1/receipt.pdf',
  url_private: 'https://files.slack.com/files-pri/T1-F1/receipt.pdf',
};

describe(readThreadEvent.name, () => {
  it('reads a reply in a thread as a note', () => {
    expect(readThreadEvent(reply)).toEqual({ kind: 'note', channel: 'C1', threadTs: '1.000001', ts: '2.000001', user: 'U1', text: 'Called the courier', files: [] });
  });

  it('keeps the files of a file_share reply', () => {
    expect(readThreadEvent({ ...reply, subtype: 'file_share', upload: false, files: [file] })).toMatchObject({
      kind: 'note',
      files: [{ id: 'F1', name: 'receipt.pdf', type: 'application/pdf', size: 2048, permalink: file.permalink }],
    });
  });

  it('reads an edit of a reply as a new version of it', () => {
    const changed = {
      type: 'message',
      subtype: 'message_changed',
      hidden: true,
      channel: 'C1',
      ts: '3.000001',
      message: { ...reply, type: 'message', text: 'Called the courier twice', edited: { user: 'U1', ts: '3.000000' } },
      previous_message: { ...reply },
    };
    expect(readThreadEvent(changed)).toEqual({
      kind: 'edit',
      channel: 'C1',
      threadTs: '1.000001',
      ts: '2.000001',
      editedTs: '3.000000',
      user: 'U1',
      text: 'Called the courier twice',
      files: [],
    });
  });

  it.each([
    ['a top-level message', { ...reply, thread_ts: undefined }],
    ['the thread’s own first message', { ...reply, thread_ts: reply.ts }],
    ['the bot’s own post', { ...reply, bot_id: 'B1' }],
    ['someone joining', { ...reply, subtype: 'channel_join' }],
    ['a deletion', { type: 'message', subtype: 'message_deleted', channel: 'C1', ts: '4.0', deleted_ts: reply.ts }],
    ['a link preview added to a reply', { type: 'message', subtype: 'message_changed', channel: 'C1', ts: '5.0', message: { ...reply, attachments: [{ from_url: 'x' }] }, previous_message: reply }],
    ['an edit of the bot’s card', { type: 'message', subtype: 'message_changed', channel: 'C1', ts: '5.0', message: { ...reply, bot_id: 'B1' }, previous_message: reply }],
  ])('ignores %s', (_name, event) => {
    expect(readThreadEvent(event)).toEqual({ kind: 'ignored' });
  });
});

describe(threadEventAuthor.name, () => {
  it('finds the author of a reply and of an edit', () => {
    expect(threadEventAuthor(reply)).toEqual({ channel: 'C1', threadTs: '1.000001', ts: '2.000001', user: 'U1' });
    expect(threadEventAuthor({ type: 'message', subtype: 'message_changed', channel: 'C1', ts: '3.0', message: reply })).toEqual({
      channel: 'C1',
      threadTs: '1.000001',
      ts: '2.000001',
      user: 'U1',
    });
  });

  it('finds nobody to answer for a bot’s post or a top-level message', () => {
    expect(threadEventAuthor({ ...reply, bot_id: 'B1' })).toBeNull();
    expect(threadEventAuthor({ ...reply, thread_ts: undefined })).toBeNull();
  });
});
