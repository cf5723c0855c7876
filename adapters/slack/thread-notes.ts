import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '../../src/config/config.module.js';
import type { AppConfig } from '../../src/config/config.schema.js';
import { DomainError } from '../../src/common/domain-error.js';
import { cleanText } from '../../src/common/text/clean-text.js';
import { ComplaintsService } from '../../src/complaints/complaints.service.js';
import { UnitOfWork } from '../../src/database/unit-of-work.js';
import { InboundPipeline, type InboundMessage, type InboundTurn } from '../../src/inbound/inbound-pipeline.js';
import { AuthorNotices } from './author-notices.js';
import { CaseCardRepository } from './case-card.repository.js';
import { NOT_STAFF_NOTE, refusalText } from './refusals.js';
import { SLACK_INBOUND_CHANNEL, type StoredSlackEvent } from './slack-event-inbox.js';
import { SLACK_SETTINGS, type SlackSettings } from './slack.settings.js';
import { typedText } from './staff-words.js';
import { MAX_EVENT_BYTES, readThreadEvent } from './thread-event.js';

/** What the author of an event too large to keep is told. */
export function tooLargeText(bytes: number): string {
  return (
    `Your message was not kept as a note on the case: Slack sent it as ${Math.ceil(bytes / 1024)} KB, and Redress takes ` +
    `up to ${MAX_EVENT_BYTES / 1024} KB. Please write it again as shorter messages.`
  );
}

/**
 * What staff write in a card's thread is an internal note on the case, with the files shared with it; an edit of it
 * is a new version of the note, and the history keeps every version. A note is never sent to the customer: only
 * "Reply to customer" and `/complaint reply` do that (see ComplaintsService.replyToCustomer).
 *
 * The events arrive stored (SlackEventInbox) and run here from the stored row, once: the note and the mark that its
 * event was handled are committed together. Whoever wrote something that is not kept is told why, privately.
 */
@Injectable()
export class ThreadNotes implements OnModuleInit {
  private readonly logger = new Logger('SlackThreadNotes');

  constructor(
    private readonly complaints: ComplaintsService,
    private readonly cards: CaseCardRepository,
    private readonly notices: AuthorNotices,
    private readonly pipeline: InboundPipeline,
    private readonly uow: UnitOfWork,
    @Inject(SLACK_SETTINGS) private readonly settings: SlackSettings,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.pipeline.register<StoredSlackEvent>(SLACK_INBOUND_CHANNEL, (message, turn) => this.take(message, turn));
  }

  private async take(message: InboundMessage<StoredSlackEvent>, turn: InboundTurn): Promise<void> {
    // A test stops here to see that an event acknowledged but not yet processed survives the server dying.
    if (this.config.SLACK_HOLD_EVENTS_FOR_TESTS) return new Promise<void>(() => undefined);
    const stored = message.payload;
    if ('oversize' in stored) {
      this.logger.warn({ bytes: stored.oversize }, 'A Slack event too large to keep was refused');
      await this.notices.tell(stored.author, tooLargeText(stored.oversize));
      return turn.handled('too_large');
    }

    const event = readThreadEvent(stored.event);
    if (event.kind === 'ignored') return;
    const text = typedText(cleanText(event.text));
    if (text.trim() === '' && event.files.length === 0) return;
    const card = await this.cards.findByMessage(event.channel, event.threadTs);
    if (!card) return;

    const actor = this.settings.staff.actorFor(event.user);
    if (!actor) {
      await this.notices.tell(event, NOT_STAFF_NOTE);
      return turn.handled('not_staff');
    }
    const source = `slack:${event.channel}/${event.ts}`;
    try {
      await this.uow.transaction(async () => {
        if (event.kind === 'note') await this.complaints.addNote(card.reference, text, actor, { files: event.files, source });
        else await this.complaints.editNote(card.reference, source, text, actor, event.files);
        await turn.handled(event.kind);
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.logger.warn({ reference: card.reference, code: error.code }, 'A note from Slack was refused');
      await this.notices.tell(event, `Your message was not kept as a note: ${refusalText(error)}`);
    }
  }
}
