import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

const instant = (name: string, isNullable = false) => ({ name, type: 'varchar', length: '24', isNullable });

/** Requests to talk to a person made outside a complaint, and where Slack shows each of them to staff. */
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
    await queryRunner.createTable(
      new Table({
        name: 'slack_hand_off_posts',
        columns: [
          { name: 'hand_off_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'channel_id', type: 'varchar', length: '32' },
          { name: 'ts', type: 'varchar', length: '32' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('slack_hand_off_posts');
    await queryRunner.dropTable('hand_offs');
  }
}
