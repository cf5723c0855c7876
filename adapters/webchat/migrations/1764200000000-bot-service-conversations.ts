import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

const instant = (name: string) => ({ name, type: 'varchar', length: '24' });

/** Bot Framework conversation references of /api/messages conversations, for messages sent to them later. */
export class BotServiceConversations1764200000000 implements MigrationInterface {
  name = 'BotServiceConversations1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'bot_service_conversations',
        columns: [
          // Bot Framework conversation ids run long (Teams' carry a thread id); the endpoint accepts up to 512
          { name: 'id', type: 'varchar', length: '512', isPrimary: true },
          { name: 'channel_id', type: 'varchar', length: '64' },
          { name: 'reference', type: 'text' },
          instant('created_at'),
          instant('updated_at'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('bot_service_conversations');
  }
}
