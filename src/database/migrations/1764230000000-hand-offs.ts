import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

const instant = (name: string, isNullable = false) => ({ name, type: 'varchar', length: '24', isNullable });

/**
 * Requests to talk to a person made outside a complaint. Databases migrated before Slack owned its own migrations got
 * `slack_hand_off_posts` here too; Slack's migration 1764300000001 creates it where this did not.
 */
export class HandOffs1764230000000 implements MigrationInterface {
  name = 'HandOffs1764230000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'hand_offs',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'requester_key', type: 'varchar', length: '200' },
          { name: 'reply_channel', type: 'varchar', length: '16' },
          { name: 'reply_address', type: 'varchar', length: '200' },
          { name: 'language', type: 'varchar', length: '8' },
          instant('requested_at'),
          instant('due_at', true),
          instant('answered_at', true),
          { name: 'answered_by', type: 'varchar', length: '100', isNullable: true },
        ],
        indices: [{ name: 'hand_offs_requester_idx', columnNames: ['requester_key'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('hand_offs');
  }
}
