import { Injectable } from '@nestjs/common';
import { DatabaseAccess } from '../../src/database/database-access.js';
import { SlackHandOffPostRecord } from './slack.entities.js';

/** Where each request for a person was posted in Slack: its thread is where the conversation that follows goes. */
@Injectable()
export class SlackHandOffPostRepository {
  constructor(private readonly db: DatabaseAccess) {}

  find(handOffId: string): Promise<SlackHandOffPostRecord | null> {
    return this.db.run((manager) => manager.findOne(SlackHandOffPostRecord, { where: { handOffId } }));
  }

  async add(post: SlackHandOffPostRecord): Promise<void> {
    await this.db.transaction((manager) => manager.insert(SlackHandOffPostRecord, post));
  }
}
