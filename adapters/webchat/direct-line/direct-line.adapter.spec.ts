import { describe, expect, it } from '@jest/globals';
import { ActivityHandler, type Activity } from 'botbuilder';
import { DirectLineAdapter } from './direct-line.adapter.js';
import type { Transcript } from './transcript.js';

/** Records what the adapter stores, as the transcript would, with Direct Line-shaped ids. */
class RecordingTranscript {
  readonly stored: Partial<Activity>[] = [];

  async record(conversationId: string, activity: Partial<Activity>): Promise<string> {
    this.stored.push(activity);
    return `${conversationId}|${String(this.stored.length).padStart(7, '0')}`;
  }
}

const incoming = {
  type: 'message',
  id: 'conversation-1|0000002',
  text: 'hello',
  locale: 'es-ES',
  channelId: 'webchat',
  serviceUrl: 'urn:redress:directline',
  conversation: { id: 'conversation-1' },
  from: { id: 'dl_user', role: 'user' },
  recipient: { id: 'redress', role: 'bot' },
} as Activity;

describe(DirectLineAdapter.name, () => {
  it('stores what the bot sends as replies to the activity, and leaves out traces and pauses', async () => {
    const transcript = new RecordingTranscript();
    const adapter = new DirectLineAdapter(transcript as unknown as Transcript);
    const bot = new ActivityHandler().onMessage(async (context, next) => {
      const sent = await context.sendActivities([
        { type: 'message', text: 'one' },
        { type: 'delay', value: 1 } as Partial<Activity>,
        { type: 'trace', name: 'debugging' },
        { type: 'message', text: 'two' },
      ]);
      expect(sent.map((r) => r.id)).toEqual(['conversation-1|0000001', '', '', 'conversation-1|0000002']);
      await next();
    });

    await adapter.processActivity(incoming, (context) => bot.run(context));

    expect(transcript.stored).toEqual([
      expect.objectContaining({ text: 'one', replyToId: incoming.id, locale: 'es-ES', recipient: incoming.from }),
      expect.objectContaining({ text: 'two', replyToId: incoming.id }),
    ]);
  });

  it('hands a failed turn to onTurnError', async () => {
    const adapter = new DirectLineAdapter(new RecordingTranscript() as unknown as Transcript);
    const failures: string[] = [];
    adapter.onTurnError = async (_context, error) => {
      failures.push(error.message);
    };
    await adapter.processActivity(incoming, async () => {
      throw new Error('the bot broke');
    });
    expect(failures).toEqual(['the bot broke']);
  });

  it('runs a proactive turn in a conversation from its reference', async () => {
    const transcript = new RecordingTranscript();
    const adapter = new DirectLineAdapter(transcript as unknown as Transcript);
    await adapter.continueConversation(
      { conversation: { id: 'conversation-1' } as Activity['conversation'], channelId: 'webchat', user: incoming.from, bot: incoming.recipient },
      async (context) => {
        await context.sendActivity('A reply from our team.');
      },
    );
    expect(transcript.stored).toEqual([expect.objectContaining({ text: 'A reply from our team.', recipient: incoming.from })]);
  });
});
