import { ActivityTypes, TestAdapter, type Activity, type ConversationReference } from 'botbuilder';
import { withFiles, type ArrivedFile, type FilesAccepted } from '../evidence-files.js';
import type { RedressBot } from '../redress-bot.js';

/** What a customer would see of one bot message: its text, then its choices as the buttons or list would show them. */
export function seen(activity: Partial<Activity>): string {
  const titles = activity.suggestedActions?.actions.map((action) => action.title) ?? [];
  return titles.length > 0 ? `${activity.text ?? ''}\n[${titles.join(' | ')}]` : (activity.text ?? '');
}

/** The customer opening the chat (a conversation update), as opposed to typing something. */
export const OPENS_CHAT = Symbol('opens chat');

export type Expectation = string | RegExp | { not: string | RegExp };
/** What the customer does, and what they should then see (substrings or patterns, in any order). */
export type Turn = [does: string | typeof OPENS_CHAT, sees: Expectation | Expectation[]];

export interface ConversationOptions {
  channel?: 'sms' | 'webchat';
  id?: string;
  /** The sender; on web chat one customer may have several conversations. */
  userId?: string;
  locale?: string;
  /** Files the channel takes from the customer, as its adapter says on every message; none if not given. */
  filesAccepted?: FilesAccepted;
}

/** One customer's chat with the bot, over botbuilder's TestAdapter, recording everything the bot sent. */
export class TestConversation {
  readonly adapter: TestAdapter;
  readonly transcript: Partial<Activity>[] = [];
  private readonly locale: string;
  private readonly filesAccepted: FilesAccepted | undefined;

  constructor(
    readonly bot: RedressBot,
    { channel = 'webchat', id = 'conversation-1', userId, locale = 'en-GB', filesAccepted }: ConversationOptions = {},
  ) {
    this.locale = locale;
    this.filesAccepted = filesAccepted;
    const reference: Partial<ConversationReference> = {
      channelId: channel === 'sms' ? 'sms' : 'directline',
      conversation: { id, isGroup: false, conversationType: 'personal', name: '' },
      user: { id: userId ?? (channel === 'sms' ? id : `user-of-${id}`), name: 'customer' },
      bot: { id: 'redress', name: 'Redress' },
      serviceUrl: 'https://example.test',
    };
    this.adapter = new TestAdapter(reference as ConversationReference);
  }

  /** Everything the bot sent this turn, as the customer would see it. */
  async opens(): Promise<string> {
    const { user, bot } = this.adapter.conversation;
    return this.turn({ type: ActivityTypes.ConversationUpdate, membersAdded: [bot, user].filter((m) => m !== undefined), locale: this.locale });
  }

  async says(text: string): Promise<string> {
    return this.sends(text, []);
  }

  /** A message with files, as the channel adapter hands it to the bot. */
  async sends(text: string, files: ArrivedFile[]): Promise<string> {
    return this.turn(withFiles({ type: ActivityTypes.Message, text, locale: this.locale }, files, this.filesAccepted));
  }

  /** Runs the turns in order, failing on the first turn whose replies miss an expectation. */
  async play(turns: Turn[]): Promise<void> {
    for (const [does, sees] of turns) {
      const replies = does === OPENS_CHAT ? await this.opens() : await this.says(does);
      for (const expectation of [sees].flat()) check(does, replies, expectation);
    }
  }

  private async turn(activity: Partial<Activity>): Promise<string> {
    await this.adapter.processActivity(activity, (context) => this.bot.run(context));
    const sent = this.adapter.activeQueue.splice(0);
    this.transcript.push(...sent);
    return sent.map(seen).join('\n');
  }
}

function check(does: string | symbol, replies: string, expectation: Expectation): void {
  const negated = typeof expectation === 'object' && 'not' in expectation;
  const wanted = negated ? expectation.not : expectation;
  const found = typeof wanted === 'string' ? replies.includes(wanted) : wanted.test(replies);
  if (found === negated) {
    const said = typeof does === 'string' ? JSON.stringify(does) : 'opening the chat';
    throw new Error(`After ${said} the bot should${negated ? ' not' : ''} say ${String(wanted)}, but said:\n${replies}`);
  }
}
