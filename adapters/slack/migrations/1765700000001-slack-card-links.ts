import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Links to the cases' cards, kept so that direct messages and the App Home tab need not ask Slack each time. */
export class SlackCardLinks1765700000001 implements MigrationInterface {
  name = 'SlackCardLinks1765700000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'slack_card_links',
        columns: [
          { name: 'reference', type: 'varchar', length: '9', isPrimary: true },
          { name: 'ts', type: 'varchar', length: '32' },
          { name: 'permalink', type: 'varchar', length: '500' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('slack_card_links');
  }
}
