import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The secret code given with each reference, hashed: with both, a customer can check on their complaint from any
 * conversation, including one who chose to be updated in a web chat and gave no phone number or email address.
 */
export class ComplaintSecrets1764226000000 implements MigrationInterface {
  name = 'ComplaintSecrets1764226000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'complaint_secrets',
        columns: [
          { name: 'reference', type: 'varchar', length: '9', isPrimary: true },
          { name: 'code_hash', type: 'varchar', length: '200' },
          { name: 'created_at', type: 'varchar', length: '24' },
        ],
        foreignKeys: [{ columnNames: ['reference'], referencedTableName: 'complaints', referencedColumnNames: ['reference'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('complaint_secrets');
  }
}
