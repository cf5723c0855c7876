import { Inject, Injectable, Logger } from '@nestjs/common';
import type { App, SlackEventMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { DomainError } from '../../src/common/domain-error.js';
import { cleanText } from '../../src/common/text/clean-text.js';
import { ComplaintsService } from '../../src/complaints/complaints.service.js';
import { CaseCardRepository } from './case-card.repository.js';
import { NOT_STAFF_NOTE, refusalText } from './refusals.js';
import { SlackWebApi } from './slack-web-api.js';
import { SLACK_SETTINGS, type SlackSettings } from './slack.settings.js';
import { typedText } from './staff-words.js';

/** A person's reply in a thread, as the Events API sends it (`message` event, `message.channels` subscription). */
const threadReply = z.object({
  channel: z.string().min(1),
  user: z.string().min(1),
  text: z.string().overwrite(cleanText),
  ts: z.string().min(1),
  thread_ts: z.string().min(1),
  // A reply also sent to the channel is still a person's reply; every other subtype is an edit, a deletion, a join…
  subtype: z.literal('thread_broadcast').optional(),
  bot_id: z.undefined().optional(),
});

/**
 * What staff write in a card's thread is an internal note on the case. It is never sent to the customer: only
 * "Reply to customer" and `/complaint reply` do that (see ComplaintsService.replyToCustomer).
 */
@Injectable()
export class ThreadNotes {
  private readonly logger = new Logger('SlackThreadNotes');

  constructor(
    private readonly complaints: ComplaintsService,
    private readonly cards: CaseCardRepository,
    private readonly slack: SlackWebApi,
    @Inject(SLACK_SETTINGS) private readonly settings: SlackSettings,
  ) {}

  register(app: App): void {
    app.event('message', (args) => this.onMessage(args));
  }

  private async onMessage({ event }: SlackEventMiddlewareArgs<'message'>): Promise<void> {
    // The bot's own messages (the mirrored conversation) come back as events too: they carry bot_id and never
    // become notes. Bolt's ignoreSelf drops most of them already.
    const parsed = threadReply.safeParse(event);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.thread_ts === message.ts || message.text.trim() === '') return;
    const card = await this.cards.findByMessage(message.channel, message.thread_ts);
    if (!card) return;

    const tell = (text: string) => this.slack.privately(message.channel, message.user, text, message.thread_ts);
    const actor = this.settings.staff.actorFor(message.user);
    if (!actor) return tell(NOT_STAFF_NOTE);
    try {
      await this.complaints.addNote(card.reference, typedText(message.text), actor);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.logger.warn({ reference: card.reference, code: error.code }, 'A note from Slack was refused');
      await tell(`Your message was not kept as a note: ${refusalText(error)}`);
    }
  }
}
