import { Injectable } from '@nestjs/common';
import { deleteIn, findIn } from '../../src/database/batched-rows.js';
import { DatabaseAccess } from '../../src/database/database-access.js';
import { Sql, SqlForLists } from '../../src/database/sql.js';
import { SmsDeliveryRecord, SmsEarlyStatusRecord, SmsSendAttemptRecord } from './sms.entities.js';

/** Run for every text sent, so written by hand (see Sql). */
/** The texts sent (with a SID) and those handed over unanswered (with the instant), in one read. */
const PROGRESS = new Sql(
  `SELECT part, message_sid AS "messageSid", NULL AS "attemptedAt" FROM sms_deliveries WHERE outbox_message_id = ?
   UNION ALL SELECT part, NULL, attempted_at FROM sms_send_attempts WHERE outbox_message_id = ?`,
);
/** The first attempt is kept: a text it handed over is the one to look for. */
const RECORD_ATTEMPT = new Sql(
  'INSERT INTO sms_send_attempts (outbox_message_id, part, attempted_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
);
const FORGET_ATTEMPT = new Sql('DELETE FROM sms_send_attempts WHERE outbox_message_id = ? AND part = ?');
/** A status callback may have got here first: then the row is already there. */
const RECORD_SENT = new Sql(
  `INSERT INTO sms_deliveries (message_sid, outbox_message_id, part, parts, provider_status, error_code, created_at, updated_at)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
);
/** A status Twilio reports twice is kept once. */
const KEEP_EARLY = new Sql(
  `INSERT INTO sms_early_statuses (message_sid, provider_status, error_code, received_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
);
/** Run as each text is recorded, so one statement: nearly always it finds nothing. */
const TAKE_EARLY = new Sql(
  `DELETE FROM sms_early_statuses WHERE message_sid = ? RETURNING provider_status AS "providerStatus", error_code AS "errorCode", received_at AS "receivedAt"`,
);
const FORGET_EARLY_BEFORE = new Sql('DELETE FROM sms_early_statuses WHERE received_at < ?');
const RECORDED_SIDS = new SqlForLists((sids) => `SELECT message_sid AS "messageSid" FROM sms_deliveries WHERE message_sid IN (${sids})`);

/**
 * Every text sent for an outbox message (`sms_deliveries`, with Twilio's word on it) and every text handed to Twilio
 * with no answer heard yet (`sms_send_attempts`).
 */
@Injectable()
export class SmsDeliveryRepository {
  constructor(private readonly db: DatabaseAccess) {}

  /** Message SID by part, of the texts Twilio took; and when each part still unanswered was first handed over. */
  async progress(outboxMessageId: string): Promise<{ sent: Map<number, string>; attempted: Map<number, Date> }> {
    const { rows } = await this.db.sql<{ part: number; messageSid: string | null; attemptedAt: string | null }>(PROGRESS, [outboxMessageId, outboxMessageId]);
    const sent = new Map<number, string>();
    const attempted = new Map<number, Date>();
    for (const row of rows) {
      if (row.messageSid !== null) sent.set(Number(row.part), row.messageSid);
      else if (row.attemptedAt !== null) attempted.set(Number(row.part), new Date(row.attemptedAt));
    }
    return { sent, attempted };
  }

  async recordAttempt(outboxMessageId: string, part: number, at: string): Promise<void> {
    await this.db.sql(RECORD_ATTEMPT, [outboxMessageId, part, at]);
  }

  async forgetAttempt(outboxMessageId: string, part: number): Promise<void> {
    await this.db.sql(FORGET_ATTEMPT, [outboxMessageId, part]);
  }

  /** Which of these Message SIDs are recorded as sent for some outbox message. */
  async recorded(messageSids: readonly string[]): Promise<Set<string>> {
    if (messageSids.length === 0) return new Set();
    const { rows } = await this.db.sql<{ messageSid: string }>(RECORDED_SIDS.for(messageSids.length), messageSids);
    return new Set(rows.map((row) => row.messageSid));
  }

  /** Records a text Twilio took, unless a status callback recorded it first. */
  async add(delivery: SmsDeliveryRecord): Promise<void> {
    const { messageSid, outboxMessageId, part, parts, providerStatus, errorCode, createdAt, updatedAt } = delivery;
    await this.db.sql(RECORD_SENT, [messageSid, outboxMessageId, part, parts, providerStatus, errorCode, createdAt, updatedAt]);
  }

  /** Keeps a status reported for a text not recorded yet, and lets go of those kept since before `forgetBefore`. */
  async keepEarly(messageSid: string, providerStatus: string, errorCode: string | null, at: string, forgetBefore: string): Promise<void> {
    await this.db.sql(FORGET_EARLY_BEFORE, [forgetBefore]);
    await this.db.sql(KEEP_EARLY, [messageSid, providerStatus, errorCode, at]);
  }

  /** The statuses kept for a text before it was recorded, taken out (each is applied once), in the order they came. */
  async takeEarly(messageSid: string): Promise<Omit<SmsEarlyStatusRecord, 'messageSid'>[]> {
    const { rows } = await this.db.sql<Omit<SmsEarlyStatusRecord, 'messageSid'>>(TAKE_EARLY, [messageSid]);
    return rows.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  }

  find(messageSid: string): Promise<SmsDeliveryRecord | null> {
    return this.db.run((manager) => manager.findOneBy(SmsDeliveryRecord, { messageSid }));
  }

  async updateStatus(messageSid: string, changes: Pick<SmsDeliveryRecord, 'providerStatus' | 'errorCode' | 'updatedAt'>): Promise<void> {
    await this.db.run((manager) => manager.update(SmsDeliveryRecord, { messageSid }, changes));
  }

  /** The texts of one outbox message, in order. */
  partsOf(outboxMessageId: string): Promise<SmsDeliveryRecord[]> {
    return this.db.run((manager) => manager.find(SmsDeliveryRecord, { where: { outboxMessageId }, order: { part: 'ASC' } }));
  }

  ofOutboxMessages(outboxMessageIds: readonly string[]): Promise<SmsDeliveryRecord[]> {
    return findIn(this.db, SmsDeliveryRecord, 'outboxMessageId', outboxMessageIds);
  }

  /** Deletes the deliveries and the unanswered attempts of these outbox messages; how many of each went. */
  async deleteOfOutboxMessages(outboxMessageIds: readonly string[]): Promise<{ deliveries: number; sendAttempts: number }> {
    return {
      deliveries: await deleteIn(this.db, SmsDeliveryRecord, 'outboxMessageId', outboxMessageIds),
      sendAttempts: await deleteIn(this.db, SmsSendAttemptRecord, 'outboxMessageId', outboxMessageIds),
    };
  }
}
