import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

const instant = (name: string, isNullable = false) => ({ name, type: 'varchar', length: '24', isNullable });

/** Satisfaction surveys after closure: one row per closure, so that none is ever sent twice. */
export class SatisfactionSurveys1764700000001 implements MigrationInterface {
  name = 'SatisfactionSurveys1764700000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'satisfaction_surveys',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'reference', type: 'varchar', length: '20' },
          instant('closed_at'),
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'reason', type: 'varchar', length: '60', isNullable: true },
          { name: 'channel', type: 'varchar', length: '16' },
          { name: 'language', type: 'varchar', length: '8' },
          instant('sent_at', true),
          instant('reminded_at', true),
          instant('expires_at', true),
          instant('updated_at'),
        ],
        indices: [{ name: 'satisfaction_surveys_closure_idx', columnNames: ['reference', 'closed_at'], isUnique: true }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('satisfaction_surveys');
  }
}
