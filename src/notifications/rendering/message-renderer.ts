import { DeliveryError } from '../channel-notifier.js';
import { readMessage, STAFF_REPLY_KEY, TEXT_KEY, type Variables } from './message-payload.js';

/**
 * What a channel can show, which decides how a message is worded: `sms` (plain text, cut into segments by the SMS
 * notifier), `chat` (web chat, Bot Framework) and `email` (a subject, plain text and simple HTML, composed by the email
 * notifier from the rendered words). A family may word a message differently for a medium (a shorter text by SMS).
 */
export type Medium = 'sms' | 'chat' | 'email';

/** A message in words, for one medium. */
export interface RenderedMessage {
  key: string;
  variables: Variables;
  /** The language it is written in: the customer's, or English when its texts have no such language. */
  language: string;
  /** One thought a line; staff's own words keep their line breaks. */
  text: string;
  /** Who wrote it, for a staff reply: each channel signs in its own way (a prefix by SMS, the sender on web chat). */
  from?: string;
}

/**
 * What the channel a message goes by can take back. An email sent while inbound email is not connected must not ask
 * the customer to reply to it: the reply would reach no one.
 */
export interface Reach {
  repliesReachUs: boolean;
}

/**
 * Words for the keys of one family (`status.`), or undefined for a key it does not know. `payload` is the outbox
 * payload as written, for a family that keeps structured content beside its variables (see message-payload.ts).
 */
export type MessageFamily = (
  key: string,
  variables: Variables,
  language: string,
  medium: Medium,
  reach: Reach,
  payload: Readonly<Record<string, unknown>>,
) => { text: string; language: string } | undefined;

/** Why a message could not be put into words: trying again cannot help, so the relay fails it for good. */
export class UnrenderableMessage extends DeliveryError {
  constructor(message: string) {
    super(message, true);
  }
}

/**
 * Turns an outbox payload (see message-payload.ts) into the words a channel sends, at send time. Notifiers call
 *
 *     const { text, from, language } = renderer.render(message.payload, 'email');
 *
 * and add what their medium needs (SMS segments, an email's subject and HTML, a WhatsApp template chosen by `key`
 * with `variables`). Capabilities register the families of keys they write (`register('status.', …)`); `text` and
 * `staff_reply` are known from the start. Framework-free: it is a plain object, provided by NotificationsModule.
 */
export class MessageRenderer {
  private readonly families = new Map<string, MessageFamily>();

  constructor() {
    this.register(TEXT_KEY, (_key, variables, language) => ({ text: variables.text ?? '', language }));
    this.register(STAFF_REPLY_KEY, (_key, variables, language) => ({ text: variables.text ?? '', language }));
  }

  /** `prefix` is a whole key (`staff_reply`) or the start of a family of keys, ending in a dot (`status.`). */
  register(prefix: string, family: MessageFamily): void {
    this.families.set(prefix, family);
  }

  render(payload: Record<string, unknown>, medium: Medium, reach: Reach = { repliesReachUs: true }): RenderedMessage {
    const message = readMessage(payload);
    if (!message) throw new UnrenderableMessage('The message has neither a key nor a text');
    const { key, variables, language } = message;
    const family = this.families.get(key) ?? this.families.get(key.slice(0, key.indexOf('.') + 1));
    const rendered = family?.(key, variables, language, medium, reach, payload);
    if (!rendered) throw new UnrenderableMessage(`No words for the message ${key}`);
    if (rendered.text.trim() === '') throw new UnrenderableMessage('The message has no text');
    const from = key === STAFF_REPLY_KEY && variables.from ? variables.from : undefined;
    return { key, variables, language: rendered.language, text: rendered.text, ...(from ? { from } : {}) };
  }
}
