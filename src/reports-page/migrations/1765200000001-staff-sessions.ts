import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Browser sessions of staff on the report page, and the Slack sign-ins under way; tokens and states kept hashed. */
export class StaffSessions1765200000001 implements MigrationInterface {
  name = 'StaffSessions1765200000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'staff_sessions',
        columns: [
          { name: 'token_hash', type: 'varchar', length: '64', isPrimary: true },
          { name: 'staff_id', type: 'varchar', length: '64' },
          { name: 'role', type: 'varchar', length: '16' },
          { name: 'credential', type: 'varchar', length: '80' },
          { name: 'created_at', type: 'varchar', length: '24' },
          { name: 'last_seen_at', type: 'varchar', length: '24' },
        ],
        // the sweep of expired sessions
        indices: [{ name: 'staff_sessions_last_seen_idx', columnNames: ['last_seen_at'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'staff_sign_in_attempts',
        columns: [
          { name: 'state_hash', type: 'varchar', length: '64', isPrimary: true },
          { name: 'nonce', type: 'varchar', length: '64' },
          { name: 'browser_hash', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'varchar', length: '24' },
        ],
        indices: [{ name: 'staff_sign_in_attempts_created_idx', columnNames: ['created_at'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('staff_sign_in_attempts');
    await queryRunner.dropTable('staff_sessions');
  }
}
