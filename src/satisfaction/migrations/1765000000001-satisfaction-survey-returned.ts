import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * When a survey that waited in a conversation the customer left was moved to the new conversation they came back in,
 * so that it moves once and no later conversation is asked it again.
 */
export class SatisfactionSurveyReturned1765000000001 implements MigrationInterface {
  name = 'SatisfactionSurveyReturned1765000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('satisfaction_surveys', new TableColumn({ name: 'returned_at', type: 'varchar', length: '24', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('satisfaction_surveys', 'returned_at');
  }
}
