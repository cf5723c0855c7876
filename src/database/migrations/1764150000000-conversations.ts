import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** What the customer dialogs need: which conversation made a complaint, dialog state, and proof attempts. */
export class Conversations1764150000000 implements MigrationInterface {
  name = 'Conversations1764150000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('complaints', new TableColumn({ name: 'origin_key', type: 'varchar', length: '200', isNullable: true }));
    await queryRunner.createIndex('complaints', new TableIndex({ name: 'complaints_origin_key_idx', columnNames: ['origin_key'] }));
    await queryRunner.addColumn('complaints', new TableColumn({ name: 'open_question', type: 'text', isNullable: true }));

    await queryRunner.createTable(
      new Table({
        name: 'dialog_states',
        columns: [
          { name: 'id', type: 'varchar', length: '512', isPrimary: true },
          { name: 'etag', type: 'varchar', length: '64' },
          { name: 'state', type: 'text' },
          { name: 'updated_at', type: 'varchar', length: '24' },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'proof_attempts',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'reference', type: 'varchar', length: '9' },
          { name: 'requester_key', type: 'varchar', length: '200' },
          { name: 'at', type: 'varchar', length: '24' },
          { name: 'succeeded', type: 'boolean' },
        ],
        indices: [
          { name: 'proof_attempts_requester_idx', columnNames: ['requester_key', 'at'] },
          { name: 'proof_attempts_reference_idx', columnNames: ['reference', 'at'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('proof_attempts');
    await queryRunner.dropTable('dialog_states');
    await queryRunner.dropColumn('complaints', 'open_question');
    await queryRunner.dropIndex('complaints', 'complaints_origin_key_idx');
    await queryRunner.dropColumn('complaints', 'origin_key');
  }
}
