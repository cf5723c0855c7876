import { Inject, Injectable } from '@nestjs/common';
import { IsNull, Not } from 'typeorm';
import { CLOCK, type Clock } from '../../src/complaints/clock.js';
import { DatabaseAccess } from '../../src/database/database-access.js';
import { isUniqueViolation } from '../../src/database/unit-of-work.js';
import { SlackCaseCardRecord } from './slack.entities.js';

/** A posted card: where it is. */
export interface PostedCard {
  reference: string;
  channelId: string;
  ts: string;
  renderedHash: string | null;
}

/** What `claim` found: a claim of one's own, made now, or the claim of a poster that is gone. */
export type CardClaim = { claimedAt: string } | { left: { channelId: string; claimedAt: string } } | { posted: true };

/**
 * Where each complaint's card is. The row is written before the card is posted, as a claim, so that two relays
 * (two instances on one PostgreSQL database) never post two cards for one complaint. Claims are made and taken over
 * only by whoever holds the case's cluster lock: a claim found unposted is that of a poster that no longer holds it
 * (it died, or its post's answer was lost), whose card may or may not be in Slack.
 */
@Injectable()
export class CaseCardRepository {
  constructor(
    private readonly db: DatabaseAccess,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async find(reference: string): Promise<{ posted: PostedCard } | { claimed: true } | null> {
    const row = await this.db.run((manager) => manager.findOne(SlackCaseCardRecord, { where: { reference } }));
    if (!row) return null;
    return row.ts ? { posted: posted(row, row.ts) } : { claimed: true };
  }

  /** The card whose thread this is, if it is a complaint's card. */
  async findByMessage(channelId: string, ts: string): Promise<PostedCard | null> {
    const row = await this.db.run((manager) => manager.findOne(SlackCaseCardRecord, { where: { channelId, ts } }));
    return row?.ts ? posted(row, row.ts) : null;
  }

  /** Claims the card, or says whose claim was left behind (or that the card is posted). Only under the case's lock. */
  async claim(reference: string, channelId: string): Promise<CardClaim> {
    const claimedAt = this.clock.now().toISOString();
    try {
      await this.db.transaction((manager) =>
        manager.insert(SlackCaseCardRecord, { reference, channelId, ts: null, renderedHash: null, claimedAt, updatedAt: claimedAt }),
      );
      return { claimedAt };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const row = await this.db.run((manager) => manager.findOne(SlackCaseCardRecord, { where: { reference } }));
    if (!row) return this.claim(reference, channelId);
    return row.ts ? { posted: true } : { left: { channelId: row.channelId, claimedAt: row.claimedAt } };
  }

  /** Takes over a claim left behind, unless someone else has meanwhile; the new claim's time, or null. */
  async takeOver(reference: string, channelId: string, left: string): Promise<string | null> {
    let claimedAt = this.clock.now().toISOString();
    // the new claim must differ from the one it replaces, or the poster that left it would still find it its own
    if (claimedAt <= left) claimedAt = new Date(Date.parse(left) + 1).toISOString();
    const taken = await this.db.transaction((manager) =>
      manager.update(SlackCaseCardRecord, { reference, ts: IsNull(), claimedAt: left }, { channelId, claimedAt, updatedAt: claimedAt }),
    );
    return taken.affected === 1 ? claimedAt : null;
  }

  /**
   * Records where the card posted under this claim is. False if the claim is no longer this poster's (another took it
   * over, or found and recorded a card) and the card recorded is not this one.
   */
  async posted(card: PostedCard, claimedAt: string): Promise<boolean> {
    const updatedAt = this.clock.now().toISOString();
    const recorded = await this.db.transaction((manager) =>
      manager.update(SlackCaseCardRecord, { reference: card.reference, ts: IsNull(), claimedAt }, { channelId: card.channelId, ts: card.ts, renderedHash: card.renderedHash, updatedAt }),
    );
    if (recorded.affected === 1) return true;
    const found = await this.find(card.reference);
    return found !== null && 'posted' in found && found.posted.ts === card.ts && found.posted.channelId === card.channelId;
  }

  /** Records a card found in the channel under a claim left behind; drawn again at the next sync (no hash yet). */
  async adopt(reference: string, channelId: string, ts: string): Promise<boolean> {
    const updatedAt = this.clock.now().toISOString();
    const adopted = await this.db.transaction((manager) =>
      manager.update(SlackCaseCardRecord, { reference, ts: IsNull() }, { channelId, ts, renderedHash: null, updatedAt }),
    );
    return adopted.affected === 1;
  }

  async rendered(reference: string, renderedHash: string): Promise<void> {
    await this.update(reference, { renderedHash });
  }

  /** Gives up a claim whose post Slack refused (so it is not in the channel), so that the next try can post. */
  async release(reference: string): Promise<void> {
    await this.db.transaction((manager) => manager.delete(SlackCaseCardRecord, { reference, ts: IsNull() }));
  }

  /** Forgets a card someone deleted in Slack; the next delivery posts a new one. */
  async forget(reference: string): Promise<void> {
    await this.db.transaction((manager) => manager.delete(SlackCaseCardRecord, { reference, ts: Not(IsNull()) }));
  }

  private async update(reference: string, changes: Partial<Pick<SlackCaseCardRecord, 'renderedHash'>>): Promise<void> {
    const updatedAt = this.clock.now().toISOString();
    await this.db.transaction((manager) => manager.update(SlackCaseCardRecord, { reference }, { ...changes, updatedAt }));
  }
}

function posted(row: SlackCaseCardRecord, ts: string): PostedCard {
  return { reference: row.reference, channelId: row.channelId, ts, renderedHash: row.renderedHash };
}
