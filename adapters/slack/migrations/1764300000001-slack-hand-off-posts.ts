import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Where Slack shows each request to talk to a person. The core's HandOffs1764230000000 used to create this table, so
 * a database migrated before then has it already and this does nothing there.
 */
export class SlackHandOffPosts1764300000001 implements MigrationInterface {
  name = 'SlackHandOffPosts1764300000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (await queryRunner.hasTable('slack_hand_off_posts')) return;
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
  }
}
