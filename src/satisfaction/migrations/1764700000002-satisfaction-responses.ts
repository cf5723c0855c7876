import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const instant = (name: string, isNullable = false) => ({ name, type: 'varchar', length: '24', isNullable });

/**
 * What customers answered to satisfaction surveys, and which conversation a sent survey waits in (cleared once it
 * ends, as it says where the customer is).
 */
export class SatisfactionResponses1764700000002 implements MigrationInterface {
  name = 'SatisfactionResponses1764700000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('satisfaction_surveys', new TableColumn({ name: 'conversation', type: 'varchar', length: '240', isNullable: true }));
    await queryRunner.createIndex('satisfaction_surveys', new TableIndex({ name: 'satisfaction_surveys_conversation_idx', columnNames: ['conversation'] }));
    await queryRunner.createTable(
      new Table({
        name: 'satisfaction_responses',
        columns: [
          { name: 'survey_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'reference', type: 'varchar', length: '20' },
          { name: 'survey_version', type: 'varchar', length: '16' },
          { name: 'channel', type: 'varchar', length: '16' },
          { name: 'category', type: 'varchar', length: '64' },
          { name: 'outcome', type: 'text', isNullable: true },
          { name: 'language', type: 'varchar', length: '8' },
          { name: 'resolution_minutes', type: 'integer', isNullable: true },
          { name: 'paused_minutes', type: 'integer' },
          { name: 'promises_met', type: 'text' },
          { name: 'promises_missed', type: 'text' },
          { name: 'handling', type: 'integer', isNullable: true },
          { name: 'outcome_score', type: 'integer', isNullable: true },
          { name: 'effort', type: 'integer', isNullable: true },
          { name: 'dates_kept', type: 'varchar', length: '8', isNullable: true },
          { name: 'comment', type: 'text', isNullable: true },
          { name: 'sentiment', type: 'varchar', length: '16', isNullable: true },
          instant('responded_at'),
          instant('finished_at', true),
        ],
        indices: [
          { name: 'satisfaction_responses_reference_idx', columnNames: ['reference'] },
          { name: 'satisfaction_responses_channel_idx', columnNames: ['channel'] },
          { name: 'satisfaction_responses_responded_idx', columnNames: ['responded_at'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('satisfaction_responses');
    await queryRunner.dropIndex('satisfaction_surveys', 'satisfaction_surveys_conversation_idx');
    await queryRunner.dropColumn('satisfaction_surveys', 'conversation');
  }
}
