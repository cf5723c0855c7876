import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The keyed seal over each case history's head; histories written before it are sealed at the next start. */
export class CaseSeals1764241800000 implements MigrationInterface {
  name = 'CaseSeals1764241800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'case_seals',
        columns: [
          { name: 'reference', type: 'varchar', length: '9', isPrimary: true },
          { name: 'events', type: 'integer' },
          { name: 'head_hash', type: 'varchar', length: '64' },
          { name: 'seal', type: 'varchar', length: '64' },
          { name: 'sealed_at', type: 'varchar', length: '24' },
        ],
        indices: [{ name: 'case_seals_sealed_at_idx', columnNames: ['sealed_at'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('case_seals');
  }
}
