import { InitialSchema1764144000000 } from './1764144000000-initial-schema.js';
import { Conversations1764150000000 } from './1764150000000-conversations.js';
import { Outbox1764170000000 } from './1764170000000-outbox.js';
import { WebChat1764180000000 } from './1764180000000-webchat.js';
import { Sms1764186000000 } from './1764186000000-sms.js';
import { Slack1764190000000 } from './1764190000000-slack.js';
import { BotServiceConversations1764200000000 } from './1764200000000-bot-service-conversations.js';
import { WebChatWaitingIndex1764210000000 } from './1764210000000-webchat-waiting-index.js';
import { ComplaintSecrets1764226000000 } from './1764226000000-complaint-secrets.js';
import { HandOffs1764230000000 } from './1764230000000-hand-offs.js';
import { OutboxConversations1764232000000 } from './1764232000000-outbox-conversations.js';
import { SmsSendAttempts1764233000000 } from './1764233000000-sms-send-attempts.js';
import { StaffApiKeys1764241700000 } from './1764241700000-staff-api-keys.js';
import { CaseSeals1764241800000 } from './1764241800000-case-seals.js';
import { CaseEventErasure1764340000001 } from './1764340000001-case-event-erasure.js';

/** Every migration, oldest first, one a line. They run at start; `synchronize` stays off. */
export const MIGRATIONS = [
  InitialSchema1764144000000,
  Conversations1764150000000,
  Outbox1764170000000,
  WebChat1764180000000,
  Sms1764186000000,
  Slack1764190000000,
  BotServiceConversations1764200000000,
  WebChatWaitingIndex1764210000000,
  ComplaintSecrets1764226000000,
  HandOffs1764230000000,
  OutboxConversations1764232000000,
  SmsSendAttempts1764233000000,
  StaffApiKeys1764241700000,
  CaseSeals1764241800000,
  CaseEventErasure1764340000001,
];
