import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

const instant = (name: string, isNullable = false) => ({ name, type: 'varchar', length: '24', isNullable });

/** Slack for staff: where each complaint's card is, and which Events API deliveries were already taken. */
export class Slack1764190000000 implements MigrationInterface {
  name = 'Slack1764190000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'slack_case_cards',
        columns: [
          { name: 'reference', type: 'varchar', length: '9', isPrimary: true },
          { name: 'channel_id', type: 'varchar', length: '32' },
          // null while the card is being posted: the row is the poster's claim
          { name: 'ts', type: 'varchar', length: '32', isNullable: true },
          { name: 'rendered_hash', type: 'varchar', length: '64', isNullable: true },
          instant('claimed_at'),
          instant('updated_at'),
        ],
        indices: [{ name: 'slack_case_cards_message_key', columnNames: ['channel_id', 'ts'], isUnique: true }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'slack_events',
        columns: [{ name: 'event_id', type: 'varchar', length: '64', isPrimary: true }, instant('received_at')],
        indices: [{ name: 'slack_events_received_at_idx', columnNames: ['received_at'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('slack_events');
    await queryRunner.dropTable('slack_case_cards');
  }
}
