import type { SchemaPart } from '../../src/database/schema.js';
import { Sms1764186000000 } from './migrations/1764186000000-sms.js';
import { SmsSendAttempts1764233000000 } from './migrations/1764233000000-sms-send-attempts.js';
import { SmsInboundToPipeline1764310000002 } from './migrations/1764310000002-sms-inbound-to-pipeline.js';
import { WhatsAppQuickReplies1766100000001 } from './migrations/1766100000001-whatsapp-quick-replies.js';
import { SmsEarlyStatuses1766600000001 } from './migrations/1766600000001-sms-early-statuses.js';
import { SMS_ENTITIES } from './sms.entities.js';

/**
 * The tables of texts through Twilio, SMS and WhatsApp: opt-outs, delivery reports (and those that came before their
 * text was recorded) and send attempts (the texts customers sent are the inbound pipeline's), and WhatsApp's
 * quick-reply templates.
 */
export const SMS_SCHEMA: SchemaPart = {
  entities: SMS_ENTITIES,
  migrations: [Sms1764186000000, SmsSendAttempts1764233000000, SmsInboundToPipeline1764310000002, WhatsAppQuickReplies1766100000001, SmsEarlyStatuses1766600000001],
};
