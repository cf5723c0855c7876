import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../src/complaints/clock.js';
import { UnitOfWork } from '../../src/database/unit-of-work.js';
import { InboundPipeline } from '../../src/inbound/inbound-pipeline.js';
import { CaseCardRepository } from './case-card.repository.js';
import { SlackEventRepository } from './slack-event.repository.js';
import { MAX_EVENT_BYTES, readThreadEvent, threadEventAuthor } from './thread-event.js';

/** The inbound pipeline's channel for what staff write in the cards' threads. */
export const SLACK_INBOUND_CHANNEL = 'slack';

/** What is stored of an event: Slack's delivery as it came, or for one too large to keep, who to tell. */
export type StoredSlackEvent =
  | { type: 'event_callback'; event_id: string; event: unknown }
  | { oversize: number; event_id: string; author: { channel: string; threadTs: string; ts: string; user: string } };

export type TakenEvent = 'stored' | 'duplicate' | 'ignored';

/**
 * Takes a `message` event before Slack is answered: stored with its event id in one transaction, then processed from
 * the stored row by the inbound pipeline (ThreadNotes), so that a crash after the answer loses nothing. An event id
 * seen before is a retry; a message seen before under another event id is the same message: neither is stored again.
 */
@Injectable()
export class SlackEventInbox {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: SlackEventRepository,
    private readonly cards: CaseCardRepository,
    private readonly pipeline: InboundPipeline,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async take(body: { event_id: string; event: unknown }, bytes: number): Promise<TakenEvent> {
    const author = threadEventAuthor(body.event);
    if (!author) return 'ignored';
    const oversize = bytes > MAX_EVENT_BYTES;
    if (!oversize && readThreadEvent(body.event).kind === 'ignored') return 'ignored';
    // Only the threads of case cards hold notes: other conversations in the channel are not Redress's to keep.
    if (!(await this.cards.findByMessage(author.channel, author.threadTs))) return 'ignored';

    const payload: StoredSlackEvent = oversize
      ? { oversize: bytes, event_id: body.event_id, author }
      : { type: 'event_callback', event_id: body.event_id, event: body.event };
    const taken = await this.uow.transaction(async (): Promise<TakenEvent> => {
      if (!(await this.events.firstDelivery(body.event_id))) return 'duplicate';
      const { duplicate } = await this.pipeline.store({
        channel: SLACK_INBOUND_CHANNEL,
        // a thread's notes and their edits are taken one at a time, in the order they came
        conversationKey: `${author.channel}:${author.threadTs}`,
        providerId: messageKey(body.event, author.ts),
        payload,
        receivedAt: this.clock.now().toISOString(),
      });
      return duplicate ? 'duplicate' : 'stored';
    });
    return taken;
  }
}

/** A message by its `ts`; an edit of it by its `ts` and the time of the edit. */
function messageKey(event: unknown, ts: string): string {
  const e = event as { subtype?: unknown; ts?: unknown; message?: { edited?: { ts?: unknown } } };
  if (e.subtype !== 'message_changed') return ts;
  const editedTs = e.message?.edited?.ts ?? e.ts;
  return `${ts}@${String(editedTs).slice(0, 64)}`;
}
