import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Web chat turns run through the inbound pipeline: activities still waiting for the bot move into inbound_messages
 * (in the order the client sent them), and the transcript's own mark of what the bot was given goes.
 */
export class WebChatTurnsInbound1764310000003 implements MigrationInterface {
  name = 'WebChatTurnsInbound1764310000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    const payload = postgres ? `json_build_object('activityId', id)::text` : `json_object('activityId', id)`;
    await queryRunner.query(
      `INSERT INTO inbound_messages (channel, conversation_key, provider_id, payload, received_at, attempts, claimed_until, handled_at, outcome)
       SELECT 'webchat', conversation_id, COALESCE(client_activity_id, id), ${payload}, created_at, 0, NULL, NULL, NULL
       FROM webchat_activities WHERE inbound = ${postgres ? 'true' : '1'} AND delivered_at IS NULL
       ORDER BY created_at, conversation_id, seq`,
    );
    await queryRunner.dropIndex('webchat_activities', 'webchat_activities_waiting_idx');
    await queryRunner.dropIndex('webchat_activities', 'webchat_activities_undelivered_idx');
    await queryRunner.query('ALTER TABLE webchat_activities DROP COLUMN delivered_at');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('webchat_activities', new TableColumn({ name: 'delivered_at', type: 'varchar', length: '24', isNullable: true }));
    await queryRunner.query(
      `UPDATE webchat_activities SET delivered_at = created_at WHERE inbound = ${queryRunner.connection.options.type === 'postgres' ? 'true' : '1'}
       AND id NOT IN (SELECT id FROM webchat_activities w WHERE EXISTS (
         SELECT 1 FROM inbound_messages i WHERE i.channel = 'webchat' AND i.conversation_key = w.conversation_id AND i.handled_at IS NULL
           AND i.provider_id = COALESCE(w.client_activity_id, w.id)))`,
    );
    await queryRunner.query(`DELETE FROM inbound_messages WHERE channel = 'webchat'`);
    await queryRunner.createIndex('webchat_activities', new TableIndex({ name: 'webchat_activities_undelivered_idx', columnNames: ['inbound', 'delivered_at'] }));
    await queryRunner.createIndex(
      'webchat_activities',
      new TableIndex({ name: 'webchat_activities_waiting_idx', columnNames: ['conversation_id', 'inbound', 'delivered_at', 'seq'] }),
    );
  }
}
