import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

const instant = (name: string, isNullable = false) => ({ name, type: 'varchar', length: '24', isNullable });

/**
 * Slack's requests taken once: signed requests already acted on (so that a replay within Slack's five minutes does
 * nothing), and the modals Redress opened (so that only a submission of one of them, with what it was opened for,
 * is acted on, and once).
 */
export class SlackInbound1765400000001 implements MigrationInterface {
  name = 'SlackInbound1765400000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'slack_requests_taken',
        columns: [{ name: 'request_key', type: 'varchar', length: '64', isPrimary: true }, instant('expires_at')],
        indices: [{ name: 'slack_requests_taken_expires_at_idx', columnNames: ['expires_at'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'slack_views',
        columns: [
          { name: 'view_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'callback_id', type: 'varchar', length: '255' },
          { name: 'user_id', type: 'varchar', length: '32' },
          { name: 'metadata_hash', type: 'varchar', length: '64' },
          instant('opened_at'),
          // while one submission of it is being acted on, another is not
          instant('claimed_until', true),
          instant('submitted_at', true),
        ],
        indices: [{ name: 'slack_views_opened_at_idx', columnNames: ['opened_at'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('slack_views');
    await queryRunner.dropTable('slack_requests_taken');
  }
}
