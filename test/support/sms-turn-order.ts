import type { SentSms } from './fake-twilio.js';

/** Runs a query on the server's database and returns its rows. */
export type Query = (sql: string) => Promise<any[]>;

export interface TurnOrderReport {
  /** The Message SIDs of the texts Twilio was asked to send to the number, in the order it was asked. */
  handedOver: string[];
  /** The same texts as they should have gone: every reply's texts, turn after turn as the customer's texts came in. */
  inTurnOrder: string[];
  /** Replies whose texts were not all recorded as handed over. */
  incomplete: string[];
}

/**
 * What one customer's phone got, against the order they texted in: each text Redress records as handed to Twilio
 * (sms_deliveries) belongs to the reply of one inbound text, so the texts of turn N must all come before those of turn
 * N+1, and a text Twilio took twice shows up as a SID Redress never recorded.
 */
export async function turnOrder(query: Query, sent: SentSms[], number: string): Promise<TurnOrderReport> {
  const rows = await query(
    `SELECT d.message_sid AS sid, d.part AS part, d.parts AS parts, o.id AS message
     FROM inbound_messages i
     JOIN outbox_messages o ON o.dedupe_key = 'sms:turn:' || i.provider_id
     JOIN sms_deliveries d ON d.outbox_message_id = o.id
     WHERE i.channel = 'sms' AND i.conversation_key = '${number}'
     ORDER BY i.id, d.part`,
  );
  const partsOf = new Map<string, { seen: number; parts: number }>();
  for (const row of rows) {
    const entry = partsOf.get(row.message) ?? { seen: 0, parts: Number(row.parts) };
    entry.seen++;
    partsOf.set(row.message, entry);
  }
  return {
    handedOver: sent.filter((sms) => sms.to === number).map((sms) => sms.sid),
    inTurnOrder: rows.map((row) => row.sid as string),
    incomplete: [...partsOf].filter(([, entry]) => entry.seen !== entry.parts).map(([message]) => message),
  };
}
