import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Links to survey pages, for customers on a channel whose replies no dialog reads (email): only their tokens' hashes. */
export class SatisfactionSurveyLinks1765100000001 implements MigrationInterface {
  name = 'SatisfactionSurveyLinks1765100000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'satisfaction_survey_links',
        columns: [
          { name: 'token_hash', type: 'varchar', length: '64', isPrimary: true },
          { name: 'survey_id', type: 'varchar', length: '36' },
          { name: 'created_at', type: 'varchar', length: '24' },
        ],
        indices: [{ name: 'satisfaction_survey_links_survey_idx', columnNames: ['survey_id'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('satisfaction_survey_links');
  }
}
