import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Every web chat turn asks for its conversation's activities still waiting for the bot. Through the conversation's
 * (conversation_id, seq) index that read every activity the conversation ever had, slower with each turn; this index
 * finds the waiting ones directly, already in order.
 */
export class WebChatWaitingIndex1764210000000 implements MigrationInterface {
  name = 'WebChatWaitingIndex1764210000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'webchat_activities',
      new TableIndex({ name: 'webchat_activities_waiting_idx', columnNames: ['conversation_id', 'inbound', 'delivered_at', 'seq'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('webchat_activities', 'webchat_activities_waiting_idx');
  }
}
