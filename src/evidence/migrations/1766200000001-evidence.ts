import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Files customers send with their complaints; the bytes are kept in the evidence storage, the rest here. */
export class Evidence1766200000001 implements MigrationInterface {
  name = 'Evidence1766200000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'evidence',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'complaint_reference', type: 'varchar', length: '20' },
          { name: 'origin', type: 'varchar', length: '16' },
          { name: 'source_key', type: 'varchar', length: '200' },
          { name: 'kind', type: 'varchar', length: '8' },
          { name: 'media_type', type: 'varchar', length: '40' },
          { name: 'file_name', type: 'varchar', length: '80' },
          { name: 'size', type: 'integer' },
          { name: 'sha256', type: 'varchar', length: '64' },
          { name: 'storage_key', type: 'varchar', length: '100' },
          { name: 'created_at', type: 'varchar', length: '24' },
        ],
        indices: [
          { name: 'UQ_evidence_source', columnNames: ['complaint_reference', 'source_key'], isUnique: true },
          { name: 'IDX_evidence_complaint', columnNames: ['complaint_reference'] },
          { name: 'IDX_evidence_created', columnNames: ['created_at'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('evidence');
  }
}
