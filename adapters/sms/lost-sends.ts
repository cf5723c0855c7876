import type { SmsSender } from './sms-settings.js';

/** A message from Twilio's Messages list, as much of it as it takes to recognise one of ours. */
export interface ListedMessage {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  direction: string;
  status: string;
  dateCreated: Date;
}

export interface UnansweredSend {
  to: string;
  /**
   * The text as sent; undefined for an approved WhatsApp template, whose words Twilio fills in: then any message of
   * ours to the number since the attempt is it, as a conversation's messages go one at a time and each is recorded.
   */
  body: string | undefined;
  sender: SmsSender;
  /** When we first handed the text over, by our clock. */
  attemptedAt: Date;
}

/**
 * How far our clock may be ahead of Twilio's. Twilio's `date_created` is in whole seconds, so this is at least one; a
 * minute covers a badly kept clock too.
 */
export const CLOCK_LEEWAY_MS = 60_000;

/**
 * Twilio takes no idempotency key: when a text was handed over and no answer came back (a crash, a dropped
 * connection, a timeout), the only way to know whether it was taken is to look for it. It is the message in Twilio's
 * list sent by the API to the same number, from our number or Messaging Service, with the same text, created no
 * earlier than our first attempt, and not already recorded for another text. The newest such message is it:
 * a conversation's texts go one at a time, so nothing of ours to that number came after it.
 */
export function findUnanswered(listed: ListedMessage[], send: UnansweredSend, recorded: ReadonlySet<string>): ListedMessage | undefined {
  const since = send.attemptedAt.getTime() - CLOCK_LEEWAY_MS;
  return listed
    .filter(
      (message) =>
        message.direction === 'outbound-api' &&
        message.to === send.to &&
        ('from' in send.sender ? message.from === send.sender.from : message.messagingServiceSid === send.sender.messagingServiceSid) &&
        (send.body === undefined || message.body === send.body) &&
        message.dateCreated.getTime() >= since &&
        !recorded.has(message.sid),
    )
    .sort((a, b) => b.dateCreated.getTime() - a.dateCreated.getTime())[0];
}
