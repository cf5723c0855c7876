import { Inject, Injectable } from '@nestjs/common';
import { IsNull, LessThan, Not } from 'typeorm';
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

/** A poster that died between claiming a card and recording its ts loses the claim after this. */
const CLAIM_MS = 2 * 60 * 1000;

/**
 * Where each complaint's card is. The row is written before the card is posted, as a claim, so that two relays
 * (two instances on one PostgreSQL database) never post two cards for one complaint.
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

  /** Takes the right to post the card; false while another poster holds a fresh claim or the card exists. */
  async claim(reference: string, channelId: string): Promise<boolean> {
    const now = this.clock.now();
    const at = now.toISOString();
    try {
      await this.db.transaction((manager) =>
        manager.insert(SlackCaseCardRecord, { reference, channelId, ts: null, renderedHash: null, claimedAt: at, updatedAt: at }),
      );
      return true;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const stale = new Date(now.getTime() - CLAIM_MS).toISOString();
    const taken = await this.db.transaction((manager) =>
      manager.update(SlackCaseCardRecord, { reference, ts: IsNull(), claimedAt: LessThan(stale) }, { channelId, claimedAt: at, updatedAt: at }),
    );
    return taken.affected === 1;
  }

  async posted(card: PostedCard): Promise<void> {
    await this.update(card.reference, { ts: card.ts, renderedHash: card.renderedHash });
  }

  async rendered(reference: string, renderedHash: string): Promise<void> {
    await this.update(reference, { renderedHash });
  }

  /** Gives up a claim whose post failed, so that the next try can post. */
  async release(reference: string): Promise<void> {
    await this.db.transaction((manager) => manager.delete(SlackCaseCardRecord, { reference, ts: IsNull() }));
  }

  /** Forgets a card someone deleted in Slack; the next delivery posts a new one. */
  async forget(reference: string): Promise<void> {
    await this.db.transaction((manager) => manager.delete(SlackCaseCardRecord, { reference, ts: Not(IsNull()) }));
  }

  private async update(reference: string, changes: Partial<Pick<SlackCaseCardRecord, 'ts' | 'renderedHash'>>): Promise<void> {
    const updatedAt = this.clock.now().toISOString();
    await this.db.transaction((manager) => manager.update(SlackCaseCardRecord, { reference }, { ...changes, updatedAt }));
  }
}

function posted(row: SlackCaseCardRecord, ts: string): PostedCard {
  return { reference: row.reference, channelId: row.channelId, ts, renderedHash: row.renderedHash };
}
