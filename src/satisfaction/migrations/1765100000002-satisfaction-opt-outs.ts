import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Customers who asked for no more satisfaction surveys, by where they are reached. */
export class SatisfactionOptOuts1765100000002 implements MigrationInterface {
  name = 'SatisfactionOptOuts1765100000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'satisfaction_opt_outs',
        columns: [
          { name: 'conversation', type: 'varchar', length: '240', isPrimary: true },
          { name: 'opted_out_at', type: 'varchar', length: '24' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('satisfaction_opt_outs');
  }
}
