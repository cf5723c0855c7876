import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Files uploaded through Direct Line, kept until their activity's turn hands them on. */
export class WebChatUploads1766300000001 implements MigrationInterface {
  name = 'WebChatUploads1766300000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'webchat_uploads',
        columns: [
          { name: 'id', type: 'varchar', length: '100', isPrimary: true },
          { name: 'conversation_id', type: 'varchar', length: '64' },
          { name: 'activity_id', type: 'varchar', length: '80' },
          { name: 'position', type: 'integer' },
          { name: 'name', type: 'varchar', length: '255', isNullable: true },
          { name: 'content', type: 'text', isNullable: true },
          { name: 'created_at', type: 'varchar', length: '24' },
        ],
      }),
    );
    await queryRunner.createIndex('webchat_uploads', new TableIndex({ name: 'webchat_uploads_activity_idx', columnNames: ['activity_id'] }));
    await queryRunner.createIndex('webchat_uploads', new TableIndex({ name: 'webchat_uploads_conversation_idx', columnNames: ['conversation_id'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('webchat_uploads');
  }
}
