import { Injectable } from '@nestjs/common';
import { CardLinkRepository } from './card-link.repository.js';
import { CaseCardRepository, type PostedCard } from './case-card.repository.js';
import { SlackWebApi } from './slack-web-api.js';

/**
 * Links to the cases' cards, whose threads hold their conversations: asked of Slack (`chat.getPermalink`) once per
 * card and kept, so that a direct message or the App Home tab can send someone straight to a case.
 */
@Injectable()
export class CardLinks {
  constructor(
    private readonly links: CardLinkRepository,
    private readonly cards: CaseCardRepository,
    private readonly slack: SlackWebApi,
  ) {}

  /** The link to this card; throws what Slack answered when it cannot give one. */
  async of(card: PostedCard): Promise<string> {
    const [stored] = await this.links.findMany([card.reference]);
    if (stored && stored.ts === card.ts) return stored.permalink;
    const answer = await this.slack.client.chat.getPermalink({ channel: card.channelId, message_ts: card.ts });
    if (!answer.permalink) throw new Error(`Slack gave no link to the card of ${card.reference}`);
    await this.links.save({ reference: card.reference, ts: card.ts, permalink: answer.permalink });
    return answer.permalink;
  }

  /** Links to the cards of these cases, by reference; a case with no card yet, or whose link Slack cannot give now, has none. */
  async forCases(references: string[]): Promise<Map<string, string>> {
    const found = new Map((await this.links.findMany(references)).map((link) => [link.reference, link.permalink]));
    for (const reference of references.filter((r) => !found.has(r))) {
      const card = await this.cards.find(reference);
      if (!card || !('posted' in card)) continue;
      try {
        found.set(reference, await this.of(card.posted));
      } catch {
        // the list still shows the case, by its reference, without a link: better than no list at all
        continue;
      }
    }
    return found;
  }
}
