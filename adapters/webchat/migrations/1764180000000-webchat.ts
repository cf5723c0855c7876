import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

const instant = (name: string, isNullable = false) => ({ name, type: 'varchar', length: '24', isNullable });

/** Web chat (Direct Line) conversations and their activities, so that a client can poll after a restart. */
export class WebChat1764180000000 implements MigrationInterface {
  name = 'WebChat1764180000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'webchat_conversations',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'user_id', type: 'varchar', length: '64' },
          { name: 'locale', type: 'varchar', length: '35', isNullable: true },
          // the watermark of the newest activity; each new activity takes the next number
          { name: 'last_seq', type: 'integer' },
          instant('created_at'),
          instant('updated_at'),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'webchat_activities',
        columns: [
          { name: 'id', type: 'varchar', length: '80', isPrimary: true },
          { name: 'conversation_id', type: 'varchar', length: '64' },
          { name: 'seq', type: 'integer' },
          { name: 'type', type: 'varchar', length: '32' },
          { name: 'inbound', type: 'boolean' },
          { name: 'client_activity_id', type: 'varchar', length: '200', isNullable: true },
          instant('delivered_at', true),
          instant('created_at'),
          { name: 'body', type: 'text' },
        ],
        indices: [
          { name: 'webchat_activities_conversation_seq_key', columnNames: ['conversation_id', 'seq'], isUnique: true },
          // NULLs never collide, so bot replies (no client id) are unaffected
          { name: 'webchat_activities_client_id_key', columnNames: ['conversation_id', 'client_activity_id'], isUnique: true },
          { name: 'webchat_activities_undelivered_idx', columnNames: ['inbound', 'delivered_at'] },
        ],
        foreignKeys: [
          { columnNames: ['conversation_id'], referencedTableName: 'webchat_conversations', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('webchat_activities');
    await queryRunner.dropTable('webchat_conversations');
  }
}
