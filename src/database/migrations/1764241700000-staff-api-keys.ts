import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Personal staff API keys, each with its owner and role, stored hashed, with when it was last used. */
export class StaffApiKeys1764241700000 implements MigrationInterface {
  name = 'StaffApiKeys1764241700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'staff_api_keys',
        columns: [
          { name: 'id', type: 'varchar', length: '32', isPrimary: true },
          { name: 'staff_id', type: 'varchar', length: '64' },
          { name: 'role', type: 'varchar', length: '16' },
          { name: 'secret_hash', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'varchar', length: '24' },
          { name: 'last_used_at', type: 'varchar', length: '24', isNullable: true },
          { name: 'revoked_at', type: 'varchar', length: '24', isNullable: true },
        ],
        indices: [{ name: 'staff_api_keys_staff_idx', columnNames: ['staff_id'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('staff_api_keys');
  }
}
