import { Injectable } from '@nestjs/common';
import { LessThan } from 'typeorm';
import { DatabaseAccess } from '../../src/database/database-access.js';
import { Sql } from '../../src/database/sql.js';
import { SlackViewRecord } from './slack-inbound.entities.js';

/** A form left open longer than this can no longer be submitted; the person opens it again from the card. */
const KEEP_MS = 24 * 60 * 60 * 1000;

const CLAIM = new Sql(
  `UPDATE slack_views SET claimed_until = ? WHERE view_id = ? AND submitted_at IS NULL AND (claimed_until IS NULL OR claimed_until < ?)`,
);
const SUBMITTED = new Sql('UPDATE slack_views SET submitted_at = ?, claimed_until = NULL WHERE view_id = ?');
const RELEASE = new Sql('UPDATE slack_views SET claimed_until = NULL WHERE view_id = ? AND submitted_at IS NULL');

export type OpenedView = Pick<SlackViewRecord, 'viewId' | 'callbackId' | 'userId' | 'metadataHash' | 'openedAt' | 'submittedAt'>;

/** The modals Redress opened in Slack, each with who it was opened for and what it carries. */
@Injectable()
export class SlackViewRepository {
  constructor(private readonly db: DatabaseAccess) {}

  async remember(view: Omit<OpenedView, 'submittedAt'>): Promise<void> {
    const before = new Date(Date.parse(view.openedAt) - KEEP_MS).toISOString();
    await this.db.transaction(async (manager) => {
      await manager.insert(SlackViewRecord, { ...view, claimedUntil: null, submittedAt: null });
      await manager.delete(SlackViewRecord, { openedAt: LessThan(before) });
    });
  }

  find(viewId: string): Promise<OpenedView | null> {
    return this.db.run((manager) => manager.findOne(SlackViewRecord, { where: { viewId } }));
  }

  /** Takes the right to act on a submission of the view until `until`; false once it was submitted, or while another submission of it is being acted on. */
  async claim(viewId: string, now: string, until: string): Promise<boolean> {
    const { affected } = await this.db.sql(CLAIM, [until, viewId, now]);
    return affected === 1;
  }

  async submitted(viewId: string, at: string): Promise<void> {
    await this.db.sql(SUBMITTED, [at, viewId]);
  }

  /** The submission was answered with errors and the form stays open: it may be submitted again. */
  async release(viewId: string): Promise<void> {
    await this.db.sql(RELEASE, [viewId]);
  }
}
