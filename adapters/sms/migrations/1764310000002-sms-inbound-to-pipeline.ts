import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

const instant = (name: string, isNullable = false) => ({ name, type: 'varchar', length: '24', isNullable });

/**
 * SMS turns run through the inbound pipeline: the inbox's texts move into inbound_messages, handled ones too (they are
 * what the customer sent, for exports until retention lets them go), in the order they came, and the inbox's own
 * table goes.
 */
export class SmsInboundToPipeline1764310000002 implements MigrationInterface {
  name = 'SmsInboundToPipeline1764310000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    const payload = postgres
      ? `json_build_object('accountSid', account_sid, 'to', to_number, 'body', body, 'numMedia', num_media, 'numSegments', num_segments)::text`
      : `json_object('accountSid', account_sid, 'to', to_number, 'body', body, 'numMedia', num_media, 'numSegments', num_segments)`;
    // A text claimed when the old inbox stopped is free at once: no instance of the old inbox is left to hold it.
    await queryRunner.query(
      `INSERT INTO inbound_messages (channel, conversation_key, provider_id, payload, received_at, attempts, claimed_until, handled_at, outcome)
       SELECT 'sms', from_number, message_sid, ${payload}, received_at, attempts, NULL, handled_at, outcome
       FROM sms_inbound_messages ORDER BY id`,
    );
    await queryRunner.dropTable('sms_inbound_messages');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'sms_inbound_messages',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'message_sid', type: 'varchar', length: '64', isUnique: true },
          { name: 'account_sid', type: 'varchar', length: '34' },
          { name: 'from_number', type: 'varchar', length: '16' },
          { name: 'to_number', type: 'varchar', length: '32' },
          { name: 'body', type: 'text' },
          { name: 'num_media', type: 'integer' },
          { name: 'num_segments', type: 'integer' },
          instant('received_at'),
          { name: 'attempts', type: 'integer' },
          instant('claimed_until', true),
          instant('handled_at', true),
          { name: 'outcome', type: 'varchar', length: '24', isNullable: true },
        ],
        indices: [{ name: 'sms_inbound_messages_pending_idx', columnNames: ['handled_at', 'from_number'] }],
      }),
    );
    const postgres = queryRunner.connection.options.type === 'postgres';
    const field = (name: string) => (postgres ? `(payload::json ->> '${name}')` : `json_extract(payload, '$.${name}')`);
    const number = (name: string) => (postgres ? `${field(name)}::integer` : field(name));
    await queryRunner.query(
      `INSERT INTO sms_inbound_messages (message_sid, account_sid, from_number, to_number, body, num_media, num_segments, received_at, attempts, claimed_until, handled_at, outcome)
       SELECT provider_id, ${field('accountSid')}, conversation_key, ${field('to')}, ${field('body')}, ${number('numMedia')}, ${number('numSegments')},
         received_at, attempts, NULL, handled_at, outcome
       FROM inbound_messages WHERE channel = 'sms' ORDER BY id`,
    );
    await queryRunner.query(`DELETE FROM inbound_messages WHERE channel = 'sms'`);
  }
}
